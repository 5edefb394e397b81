/**
 * Generated names for the demo city's communities, villages and grid workers: deterministic
 * (seeded by the area code) and unique within the city. They are synthetic, not the real
 * names of Ezhou's communities.
 */

const SURNAMES = '张王李刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const VILLAGE_SUFFIXES = ['家湾', '家畈', '家咀', '家垴', '家岭', '家桥', '家港', '家墩', '家冲', '家铺', '家塆', '家山', '家垅', '家嘴', '家岗', '家庄'];
const COMMUNITY_WORDS = [
  '文星', '南浦', '吴都', '明塘', '洋澜', '寿山', '滨湖', '凤台', '莲花', '武圣', '江碧', '月圆', '南门', '北门', '东门', '新民', '和平',
  '幸福', '建设', '光明', '松山', '桂花', '玉带', '观音阁', '十里', '城东', '城西', '城南', '翠屏', '东港', '白鹭', '杨柳', '荷塘', '金桂', '长岭', '映湖', '鸿泰',
  '怡景', '锦绣', '新港', '滨江', '望江', '清平', '民信', '安居', '华庭', '泉塘', '青山', '红莲', '春晖', '兴隆', '永安', '太平', '长乐', '德胜', '金湖', '银湖',
];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红梅兰玉春海波燕丹宁辉鹏飞斌琴云华林亮晶红霞瑶婷俊峰浩宇欣怡子涵思远嘉文晓东立新德胜';

/** A small, fast, seeded PRNG (mulberry32) so that every run names the same things alike. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[] | string): T => items[Math.floor(random() * items.length)] as T;

/** Hands out unique names: the first free candidate, then a 东/西/南/北/新 prefixed one, then a number. */
export function createNamer() {
  const used = new Set<string>();
  const take = (candidates: () => string, suffix: string): string => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = candidates() + suffix;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = `${candidates()}${n}${suffix}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  return {
    /** An urban community (社区), e.g. 文星社区 or 东莲花社区. */
    community(code: string): string {
      const random = seededRandom(code);
      let round = 0;
      return take(() => {
        round++;
        const word = pick(random, COMMUNITY_WORDS);
        return round > 20 ? `${pick(random, '东西南北新')}${word}` : word;
      }, '社区');
    },
    /** A village (村), e.g. 张家湾村. */
    village(code: string): string {
      const random = seededRandom(code);
      return take(() => `${pick<string>(random, SURNAMES)}${pick(random, VILLAGE_SUFFIXES)}`, '村');
    },
  };
}

/** A person's name for a demo grid worker (网格员): surname and one or two given characters. */
export function workerName(seed: string): string {
  const random = seededRandom(`worker:${seed}`);
  const given = random() < 0.6 ? pick<string>(random, GIVEN) + pick<string>(random, GIVEN) : pick<string>(random, GIVEN);
  return pick<string>(random, SURNAMES) + given;
}
