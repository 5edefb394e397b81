import { featuresOf } from './features.js';
import { trainSoftmax, type SoftmaxModel, type TrainingDocument } from './softmax.js';

/** A text with its category, or (negative) a category it does not belong to. */
export interface Example {
  text: string;
  category: string;
  negative?: boolean;
}

export interface Prediction {
  categoryCode: string;
  /** Probability of the category, 0…1; the probabilities of all categories sum to one. */
  confidence: number;
}

/** A trained text classifier over a fixed list of category codes. */
export interface CategoryModel {
  readonly categories: readonly string[];
  readonly vocabularySize: number;
  /** The `k` most likely categories, most likely first. */
  top(text: string, k: number): Prediction[];
}

/** How many examples each name or keyword counts as. */
const LEXICON_WEIGHT = 3;

/** A category as the model knows it: its code, its name and the words citizens use for it. */
export interface CategoryLexicon {
  code: string;
  name: string;
  keywords?: readonly string[] | undefined;
}

/**
 * Trains on `examples`, plus each category's name and keywords as short texts of their own
 * (they carry words the examples may lack); examples of categories outside `categories`
 * are skipped.
 */
export function trainCategoryModel(lexicon: readonly CategoryLexicon[], examples: readonly Example[]): CategoryModel {
  const categories = lexicon.map((c) => c.code);
  const index = new Map(categories.map((c, i) => [c, i]));
  const documents: TrainingDocument[] = [];
  lexicon.forEach((c, label) => {
    for (const word of [c.name, ...(c.keywords ?? [])]) {
      documents.push({ features: featuresOf(word), label, weight: LEXICON_WEIGHT });
    }
  });
  for (const e of examples) {
    const label = index.get(e.category);
    if (label !== undefined) {
      documents.push({ features: featuresOf(e.text), label, ...(e.negative ? { negative: true } : {}) });
    }
  }
  const model: SoftmaxModel = trainSoftmax(documents, { classes: categories.length });
  return {
    categories,
    vocabularySize: model.vocabulary.size,
    top(text, k) {
      const p = model.predict(featuresOf(text));
      return topIndices(p, k).map((i) => ({ categoryCode: categories[i]!, confidence: Math.round(p[i]! * 10_000) / 10_000 }));
    },
  };
}

/**
 * The indices of the `k` largest values, largest first (ties: lower index first): one pass
 * keeping the best `k`, not a sort of every class, as this runs for every case taken in.
 */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  if (k <= 0) {
    return best;
  }
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (best.length === k && v <= values[best[k - 1]!]!) {
      continue;
    }
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && values[best[at - 1]!]! < v) {
      best[at] = best[at - 1]!;
      at -= 1;
    }
    best[at] = i;
  }
  return best;
}
