import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../kernel/errors/index.js';
import type { ApplicantsService, Registration } from './applicants.service.js';
import { ApplicantExists, ApplicantNotVerified } from './applications.errors.js';
import type { ApplicationsOrg } from './applications.ports.js';
import type { ProcedureInput, ProcedureService } from './procedure.service.js';
import { implementationCode } from './services.codes.js';
import type { Item } from './services.model.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/services-workflow-ezhou.json');
const ACTOR = 'system:demo';

type DemoApplicant = (Omit<Extract<Registration, { kind: 'person' }>, 'password'> | Omit<Extract<Registration, { kind: 'enterprise' }>, 'password'>) & { note?: string };

interface DemoFile {
  officers: Array<{ username: string; displayName: string; organisation: string; roles: string[] }>;
  applicants: DemoApplicant[];
  procedures: Array<ProcedureInput & { organisationCode: string; basicCode: string; note?: string }>;
}

export interface DemoWorkflowReport {
  officersCreated: string[];
  applicantsCreated: string[];
  /** Demo applicants not in this register (e.g. the entities of another scale): skipped. */
  applicantsSkipped: string[];
  procedures: number;
}

/**
 * The demo city's procedures (result licenses, parallel reviews, waived materials, 秒批
 * rules), more case officers, and applicants verified against the demo register.
 * Idempotent; needs the demo organisations, items, registry and license types.
 */
export async function seedDemoWorkflow(deps: {
  org: ApplicationsOrg;
  applicants: ApplicantsService;
  procedures: ProcedureService;
  getItem(code: string): Promise<Item | undefined>;
  password: string;
}): Promise<DemoWorkflowReport> {
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoFile;
  const report: DemoWorkflowReport = { officersCreated: [], applicantsCreated: [], applicantsSkipped: [], procedures: 0 };

  for (const officer of demo.officers) {
    const organisation = await deps.org.getOrganisationByCode(officer.organisation);
    if (!organisation) {
      throw new Error(`services demo: unknown organisation ${officer.organisation}`);
    }
    try {
      await deps.org.createUser(null, { username: officer.username, displayName: officer.displayName, password: deps.password, organisationId: organisation.id, roles: officer.roles }, ACTOR);
      report.officersCreated.push(officer.username);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ORG_USERNAME_TAKEN')) {
        throw error;
      }
    }
  }

  for (const { note: _note, ...applicant } of demo.applicants) {
    try {
      await deps.applicants.register({ ...applicant, password: deps.password }, ACTOR);
      report.applicantsCreated.push(applicant.username);
    } catch (error) {
      if (ApplicantNotVerified.is(error)) {
        report.applicantsSkipped.push(applicant.username);
      } else if (!ApplicantExists.is(error)) {
        throw error;
      }
    }
  }

  for (const { organisationCode, basicCode, note: _note, ...input } of demo.procedures) {
    const organisation = await deps.org.getOrganisationByCode(organisationCode);
    const item = organisation?.creditCode ? await deps.getItem(implementationCode(basicCode, { divisionCode: organisation.divisionCode, creditCode: organisation.creditCode })) : undefined;
    if (!item) {
      throw new Error(`services demo: no item ${basicCode} of ${organisationCode}`);
    }
    await deps.procedures.ensure(item, input, ACTOR);
    report.procedures += 1;
  }
  return report;
}
