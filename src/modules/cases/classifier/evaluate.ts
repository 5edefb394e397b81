import type { CategoryDefinition } from '../categories.js';
import { splitCorpus, type LabelledText } from './corpus.js';
import { trainCategoryModel } from './model.js';

export interface Confusion {
  expected: string;
  predicted: string;
  count: number;
}

export interface EvaluationReport {
  trainTexts: number;
  testTexts: number;
  /** Share of held-out texts whose top category belongs to the right responsible department. */
  departmentAccuracy: number;
  /** Share of held-out texts whose top category is the labelled one. */
  categoryAccuracy: number;
  /** Share whose labelled category is among the top three suggestions. */
  top3CategoryAccuracy: number;
  /** Share of held-out texts dispatched automatically (at or above the threshold, not a catch-all category), and the department accuracy among them. */
  automatic: { threshold: number; share: number; departmentAccuracy: number };
  /** CPU time of the training (features and fitting), unaffected by other processes. */
  trainingMs: number;
  /** Held-out recall per responsible department. */
  departments: Array<{ code: string; texts: number; correct: number }>;
  /** The most frequent department mix-ups (expected → predicted). */
  confusions: Confusion[];
}

/**
 * Trains on the four fifths of the corpus outside the held-out split and measures on the
 * held-out fifth: the department (by the categories' default responsibility) and the category.
 */
export function evaluateCorpus(corpus: readonly LabelledText[], categories: readonly CategoryDefinition[], threshold = 0.6): EvaluationReport {
  const departmentOf = new Map(categories.map((c) => [c.code, c.defaultDepartment]));
  const manualOnly = new Set(categories.filter((c) => c.autoDispatch === false).map((c) => c.code));
  const { train, test } = splitCorpus(corpus);
  const started = process.cpuUsage();
  const model = trainCategoryModel(categories, train);
  const used = process.cpuUsage(started);
  const trainingMs = (used.user + used.system) / 1000;
  let department = 0;
  let category = 0;
  let top3 = 0;
  let confident = 0;
  let confidentRight = 0;
  const perDepartment = new Map<string, { texts: number; correct: number }>();
  const confusions = new Map<string, number>();
  for (const t of test) {
    const top = model.top(t.text, 3);
    const best = top[0]!;
    const expected = departmentOf.get(t.category)!;
    const predicted = departmentOf.get(best.categoryCode)!;
    const row = perDepartment.get(expected) ?? { texts: 0, correct: 0 };
    row.texts += 1;
    if (expected === predicted) {
      department += 1;
      row.correct += 1;
    } else {
      const key = `${expected}→${predicted}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    perDepartment.set(expected, row);
    category += best.categoryCode === t.category ? 1 : 0;
    top3 += top.some((s) => s.categoryCode === t.category) ? 1 : 0;
    if (best.confidence >= threshold && !manualOnly.has(best.categoryCode)) {
      confident += 1;
      confidentRight += expected === predicted ? 1 : 0;
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    trainTexts: train.length,
    testTexts: test.length,
    departmentAccuracy: share(department, test.length),
    categoryAccuracy: share(category, test.length),
    top3CategoryAccuracy: share(top3, test.length),
    automatic: { threshold, share: share(confident, test.length), departmentAccuracy: share(confidentRight, confident) },
    trainingMs,
    departments: [...perDepartment].map(([code, r]) => ({ code, ...r })).sort((a, b) => a.code.localeCompare(b.code)),
    confusions: [...confusions]
      .map(([key, count]) => {
        const [expected, predicted] = key.split('→') as [string, string];
        return { expected, predicted, count };
      })
      .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected))
      .slice(0, 12),
  };
}
