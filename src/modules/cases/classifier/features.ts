import { tokenize } from '../../../kernel/text/index.js';
import { withoutPlaces } from './places.js';

/** Words that say nothing about which department owns a problem. */
const STOP_WORDS = new Set(
  '的 了 是 我 我们 你 你们 他 她 它 在 有 吗 呢 啊 吧 呀 哦 嘛 就 都 也 还 和 与 及 这 那 这个 那个 个 请 一下 一直 现在 今天 昨天 已经 没有 不 没 很 太 又 再 要 能 会 被 把 给 让 到 从 对 说 想 去 来 上 下 里 后 前 时候 什么 怎么 为什么 能不能 希望 麻烦 谢谢 你好 您好 领导 反映 问题 情况 相关 部门 处理 解决 帮忙 一下子'.split(' '),
);

/** Characters too common to tell anything. */
const STOP_CHARS = new Set([...'的了是我你他她它在有吗呢啊吧呀哦嘛就都也还和与及这那个请一不没很太又再要能会被把给让到从对说想去来上下里后前天']);

const DIGITS = /^[0-9.]+$/;
const HAN = /\p{Script=Han}/u;

/**
 * The features of a citizen's text, place names left out: jieba words (search mode,
 * through the kernel's segmenter) without stop words and bare numbers, and the Chinese
 * characters and character bigrams, which carry short texts and words the corpus never
 * saw (桥, 堤, 灯 …). Pairs of neighbouring words were tried and left out: on the held-out
 * split they did not help and they doubled the training time. Each feature once, however
 * often it occurs.
 */
export function featuresOf(raw: string): string[] {
  const text = withoutPlaces(raw);
  const words = tokenize(text).filter((w) => !DIGITS.test(w));
  const features = new Set<string>();
  for (const word of words) {
    if (!STOP_WORDS.has(word)) {
      features.add(`w:${word}`);
    }
  }
  const chars = [...text.normalize('NFKC')];
  for (let i = 0; i < chars.length; i += 1) {
    const a = chars[i]!;
    if (HAN.test(a) && !STOP_CHARS.has(a)) {
      features.add(`u:${a}`);
    }
    if (i + 1 >= chars.length) {
      break;
    }
    const b = chars[i + 1]!;
    if (HAN.test(a) && HAN.test(b)) {
      features.add(`c:${a}${b}`);
    }
  }
  return [...features];
}
