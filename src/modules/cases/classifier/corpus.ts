import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One labelled citizen text of the shipped corpus. */
export interface LabelledText {
  text: string;
  /** Category code of data/cases/categories.json. */
  category: string;
}

export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data/cases/corpus');

export const MAX_CORPUS_TEXT = 300;

/**
 * Reads every `*.jsonl` file of the corpus directory (`{"text", "category"}` a line), in
 * file-name order. A malformed line, an unknown category or a text given twice stops with
 * its file and line.
 */
export function readCorpus(knownCategories: ReadonlySet<string>, dir = CORPUS_DIR): LabelledText[] {
  const texts: LabelledText[] = [];
  const seen = new Map<string, string>();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  for (const file of files) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') {
        return;
      }
      const where = `${file}:${i + 1}`;
      let entry: Partial<LabelledText>;
      try {
        entry = JSON.parse(line) as Partial<LabelledText>;
      } catch {
        throw new Error(`${where}: not JSON`);
      }
      const text = typeof entry.text === 'string' ? entry.text.trim() : '';
      if (text.length === 0 || text.length > MAX_CORPUS_TEXT) {
        throw new Error(`${where}: text missing or longer than ${MAX_CORPUS_TEXT} characters`);
      }
      if (typeof entry.category !== 'string' || !knownCategories.has(entry.category)) {
        throw new Error(`${where}: unknown category ${JSON.stringify(entry.category)}`);
      }
      const earlier = seen.get(text);
      if (earlier !== undefined) {
        throw new Error(`${where}: text already at ${earlier}`);
      }
      seen.set(text, where);
      texts.push({ text, category: entry.category });
    });
  }
  return texts;
}

/** FNV-1a of the UTF-16 code units: stable across runs and platforms. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The held-out part: a fifth of the texts, chosen by the hash of the text alone. */
export const isHeldOut = (text: string) => textHash(text) % 5 === 0;

export function splitCorpus(texts: readonly LabelledText[]): { train: LabelledText[]; test: LabelledText[] } {
  const train: LabelledText[] = [];
  const test: LabelledText[] = [];
  for (const t of texts) {
    (isHeldOut(t.text) ? test : train).push(t);
  }
  return { train, test };
}
