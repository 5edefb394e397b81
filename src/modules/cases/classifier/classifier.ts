import type { Executor } from '../../../kernel/db/index.js';
import { readCategories, type CategoryDefinition } from '../categories.js';
import { CORPUS_DIR, readCorpus } from './corpus.js';
import { readHandledExamples } from './handled.js';
import { trainCategoryModel, type CategoryModel, type Example, type Prediction } from './model.js';

/** What a model was trained on, and how long it took. */
export interface TrainingReport {
  trainedAt: Date;
  durationMs: number;
  corpusTexts: number;
  /** Answered cases whose category held. */
  confirmedCases: number;
  /** 退回 taken as "not this category". */
  returnedCases: number;
  categories: number;
  vocabulary: number;
}

export interface CaseClassifier {
  /** The `k` most likely categories of a text (trains on the corpus first if needed). */
  suggest(text: string, k?: number): Prediction[];
  /** Trains a new model on the corpus plus the handled cases and puts it in use. */
  retrain(): Promise<TrainingReport>;
  /** The model in use; null before the first suggestion or training. */
  status(): TrainingReport | null;
}

interface Trained {
  model: CategoryModel;
  report: TrainingReport;
}

function train(categories: readonly CategoryDefinition[], corpus: readonly Example[], confirmed: readonly Example[], returned: readonly Example[]): Trained {
  const started = performance.now();
  const model = trainCategoryModel(categories, [...corpus, ...confirmed, ...returned]);
  return {
    model,
    report: {
      trainedAt: new Date(),
      durationMs: Math.round(performance.now() - started),
      corpusTexts: corpus.length,
      confirmedCases: confirmed.length,
      returnedCases: returned.length,
      categories: categories.length,
      vocabulary: model.vocabularySize,
    },
  };
}

/** The corpus-only model, shared by every classifier of the process (tests start many platforms). */
const corpusModels = new Map<string, Trained>();

export interface ClassifierOptions {
  categories?: readonly CategoryDefinition[];
  corpusDir?: string;
}

/**
 * The text classifier of the cases module: trained on the shipped corpus (data/cases/corpus)
 * on first use, retrained on demand with what handling taught (answered cases as labels,
 * returned ones as corrections).
 */
export function createCaseClassifier(db: Executor, options: ClassifierOptions = {}): CaseClassifier {
  const categories = options.categories ?? readCategories();
  const corpusDir = options.corpusDir ?? CORPUS_DIR;
  const corpus = () => readCorpus(new Set(categories.map((c) => c.code)), corpusDir);
  let current: Trained | undefined;

  const inUse = (): Trained => {
    if (!current) {
      let shared = corpusModels.get(corpusDir);
      if (!shared) {
        shared = train(categories, corpus(), [], []);
        corpusModels.set(corpusDir, shared);
      }
      current = shared;
    }
    return current;
  };

  return {
    suggest: (text, k = 3) => inUse().model.top(text, k),
    async retrain() {
      const handled = await readHandledExamples(db);
      current = train(categories, corpus(), handled.confirmed, handled.returned);
      return current.report;
    },
    status: () => current?.report ?? null,
  };
}
