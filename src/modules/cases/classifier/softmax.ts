/**
 * Multinomial logistic regression (softmax) over binary sparse features, trained by
 * stochastic gradient descent in a seeded order: the same documents give the same model.
 * Inputs are scaled to unit length, so that a long complaint and a two-word call weigh alike.
 */

export interface TrainingDocument {
  features: string[];
  /** Index of the class the text belongs to. */
  label: number;
  /**
   * true: the text does NOT belong to `label` (a case its department returned as wrongly
   * dispatched). The step lowers that class and spreads its share over the others.
   */
  negative?: boolean;
  /** How many examples this one counts as (default 1). */
  weight?: number;
}

export interface SoftmaxOptions {
  classes: number;
  epochs?: number;
  learningRate?: number;
  /** L2 shrinkage applied once per epoch. */
  l2?: number;
  seed?: number;
}

export interface SoftmaxModel {
  readonly classes: number;
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Probabilities of every class, summing to one. */
  predict(features: readonly string[]): Float64Array;
}

/** mulberry32: a small seeded generator for the shuffle. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Gradients smaller than this are skipped: they would not change a prediction. */
const MIN_GRADIENT = 1e-4;

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) {
    max = Math.max(max, s);
  }
  let sum = 0;
  for (let k = 0; k < scores.length; k += 1) {
    scores[k] = Math.exp(scores[k]! - max);
    sum += scores[k]!;
  }
  for (let k = 0; k < scores.length; k += 1) {
    scores[k]! /= sum;
  }
}

export function trainSoftmax(documents: readonly TrainingDocument[], options: SoftmaxOptions): SoftmaxModel {
  const K = options.classes;
  const epochs = options.epochs ?? 16;
  const rate0 = options.learningRate ?? 3;
  const l2 = options.l2 ?? 1e-6;
  const vocabulary = new Map<string, number>();
  const encoded = documents.map((d) => {
    const ids = new Int32Array(d.features.length);
    d.features.forEach((f, i) => {
      let id = vocabulary.get(f);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(f, id);
      }
      ids[i] = id;
    });
    return { ids, scale: ids.length > 0 ? 1 / Math.sqrt(ids.length) : 0, label: d.label, negative: d.negative === true, weight: d.weight ?? 1 };
  });
  const weights = new Float32Array(vocabulary.size * K);
  const bias = new Float64Array(K);
  const scores = new Float64Array(K);
  /** Classes whose gradient is worth a step (the others are all but zero: skipped). */
  const active = new Int32Array(K);
  const order = encoded.map((_, i) => i);
  const next = random(options.seed ?? 20_261_124);

  const score = (ids: Int32Array, scale: number) => {
    scores.set(bias);
    for (const id of ids) {
      const row = id * K;
      for (let k = 0; k < K; k += 1) {
        scores[k]! += weights[row + k]! * scale;
      }
    }
    softmaxInPlace(scores);
  };

  let step = 0;
  const total = Math.max(1, epochs * encoded.length);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const doc = encoded[index]!;
      const rate = rate0 * (1 - step / total) + 0.01;
      step += 1;
      score(doc.ids, doc.scale);
      // Gradient of the log loss: predicted minus wanted distribution.
      if (doc.negative) {
        const own = scores[doc.label]!;
        if (own < 1e-6 || own > 1 - 1e-9) {
          continue;
        }
        for (let k = 0; k < K; k += 1) {
          scores[k] = k === doc.label ? own : scores[k]! - scores[k]! / (1 - own);
        }
      } else {
        scores[doc.label]! -= 1;
      }
      let n = 0;
      for (let k = 0; k < K; k += 1) {
        if (Math.abs(scores[k]!) > MIN_GRADIENT) {
          active[n] = k;
          n += 1;
        }
      }
      const lr = rate * doc.weight;
      for (let a = 0; a < n; a += 1) {
        const k = active[a]!;
        bias[k]! -= lr * scores[k]! * 0.1;
      }
      const factor = lr * doc.scale;
      for (const id of doc.ids) {
        const row = id * K;
        for (let a = 0; a < n; a += 1) {
          const k = active[a]!;
          weights[row + k]! -= factor * scores[k]!;
        }
      }
    }
    const shrink = 1 - l2 * encoded.length * rate0 * (1 - step / total);
    if (shrink < 1 && shrink > 0) {
      for (let i = 0; i < weights.length; i += 1) {
        weights[i]! *= shrink;
      }
    }
  }

  return {
    classes: K,
    vocabulary,
    predict(features) {
      const ids = features.map((f) => vocabulary.get(f)).filter((id): id is number => id !== undefined);
      const out = new Float64Array(K);
      out.set(bias);
      // Unknown words count towards the length: a text mostly of unseen words is less certain.
      const scale = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
      for (const id of ids) {
        const row = id * K;
        for (let k = 0; k < K; k += 1) {
          out[k]! += weights[row + k]! * scale;
        }
      }
      softmaxInPlace(out);
      return out;
    },
  };
}
