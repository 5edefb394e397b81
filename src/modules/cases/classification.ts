import type { Principal } from '../../kernel/auth/index.js';
import { readCategories } from './categories.js';
import { createCategoryRepository, type CategoryRecord } from './category.repository.js';
import { actorOf, type CaseOrganisation, type CasesDeps } from './cases.deps.js';
import { ClassifyTextEmpty } from './cases.errors.js';
import { createDispatchDirectory, type DispatchDirectory } from './dispatch.directory.js';
import type { Actor } from './cases.transitions.js';
import { createCaseClassifier, type CaseClassifier, type TrainingReport } from './classifier/classifier.js';
import type { Prediction } from './classifier/model.js';

/** Confidence from which a case is dispatched without a dispatcher, unless configured. */
export const DEFAULT_AUTO_DISPATCH_THRESHOLD = 0.6;

/** Who dispatches automatically: the platform, by name in the timeline and the audit log. */
export const CLASSIFIER_ACTOR: Actor = { principal: null, actor: 'system:cases.classifier', name: '智能分拨' };

/** A suggested category with the department that answers for it in the responsibility list. */
export interface Suggestion {
  categoryCode: string;
  categoryName: string;
  departmentCode: string;
  departmentName: string | null;
  confidence: number;
}

/** Where 智能分拨 sends a case, looked up before the intake's transaction opens. */
export interface AutoDispatch {
  category: CategoryRecord;
  organisation: CaseOrganisation;
  comment: string;
}

/**
 * Classification of citizens' texts: suggestions with the responsible department, the
 * suggestion stored at intake, automatic dispatch above the threshold, and retraining.
 */
export function createClassification(deps: CasesDeps, directory: DispatchDirectory = createDispatchDirectory(deps)) {
  const classifier: CaseClassifier = deps.classifier ?? createCaseClassifier(deps.db);
  const threshold = deps.autoDispatchThreshold ?? DEFAULT_AUTO_DISPATCH_THRESHOLD;
  /** Catch-all categories (其他…): a text that fits nothing else goes to a dispatcher. */
  const manualOnly = new Set(readCategories().filter((c) => c.autoDispatch === false).map((c) => c.code));

  async function suggestions(text: string, k = 3): Promise<Suggestion[]> {
    const predictions = classifier.suggest(text, k);
    const categories = new Map((await createCategoryRepository(deps.db).list()).map((c) => [c.code, c]));
    const known = predictions.filter((p) => categories.has(p.categoryCode));
    return Promise.all(
      known.map(async (p) => {
        const category = categories.get(p.categoryCode)!;
        const departmentCode = category.responsibility.organisationCode;
        const department = await deps.org.getOrganisationByCode(departmentCode);
        return { categoryCode: p.categoryCode, categoryName: category.name, departmentCode, departmentName: department?.name ?? null, confidence: p.confidence };
      }),
    );
  }

  /** Above the threshold (a threshold of 1 turns automatic dispatch off). */
  const automatic = (confidence: number) => threshold < 1 && confidence >= threshold;

  return {
    threshold,
    /** 智能分拨建议: the top suggestions of a text, without creating a case. */
    async classify(input: { text: string; point?: { lon: number; lat: number } | undefined }) {
      const text = input.text.trim();
      if (!/[\p{L}\p{N}]/u.test(text)) {
        throw ClassifyTextEmpty();
      }
      const located = input.point && deps.grid ? await deps.grid.locate(input.point) : undefined;
      const found = await suggestions(text);
      const best = found[0];
      return { suggestions: found, automatic: best !== undefined && automatic(best.confidence) && !manualOnly.has(best.categoryCode), threshold, gridCode: located?.gridCode ?? null };
    },
    suggestions,
    /** The best category of a description, as intake stores it; null for a text without words. */
    suggest(description: string): Prediction | null {
      return /[\p{L}\p{N}]/u.test(description) ? (classifier.suggest(description, 1)[0] ?? null) : null;
    },
    /**
     * Where a case recorded without a category goes by itself: the responsible department of
     * its suggested category, when the suggestion is confident enough, the category may be
     * dispatched automatically and its department exists; otherwise null (the dispatcher decides).
     */
    async autoDispatchTarget(suggestion: Prediction | null): Promise<AutoDispatch | null> {
      if (!suggestion || !automatic(suggestion.confidence) || manualOnly.has(suggestion.categoryCode)) {
        return null;
      }
      const category = await directory.category(suggestion.categoryCode);
      const organisation = category && (await directory.organisation(category.responsibility.organisationCode));
      if (!category || !organisation) {
        return null;
      }
      const percent = Math.round(suggestion.confidence * 100);
      return { category, organisation, comment: `智能分拨：${category.name}（置信度 ${percent}%）` };
    },
    status: (): TrainingReport | null => classifier.status(),
    /** Trains on the corpus and the handled cases (at start-up; not audited, nobody asked). */
    train: (): Promise<TrainingReport> => classifier.retrain(),
    /** Retrains on the corpus and the handled cases; audited. */
    async retrain(principal: Principal): Promise<TrainingReport> {
      const report = await classifier.retrain();
      await deps.db.transaction().execute((trx) =>
        deps.audit.append(trx, {
          actor: actorOf(principal),
          action: 'cases.classifier.retrain',
          target: 'cases.classifier',
          details: { corpusTexts: report.corpusTexts, confirmedCases: report.confirmedCases, returnedCases: report.returnedCases, durationMs: report.durationMs },
        }),
      );
      return report;
    },
  };
}

export type Classification = ReturnType<typeof createClassification>;
