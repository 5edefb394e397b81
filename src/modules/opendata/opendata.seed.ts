import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../kernel/auth/index.js';
import { createApplicationsService, type ApplyInput } from './applications.service.js';
import { createDatasetRepository } from './dataset.repository.js';
import { chinaDay, type OpendataDeps } from './opendata.deps.js';
import { demoRows, type RowSpec } from './opendata.demo-rows.js';
import type { Frequency } from './opendata.model.js';
import { createPublishService, datasetNameOf } from './publish.service.js';
import { createUsageRepository } from './usage.repository.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/opendata-ezhou.json');

interface DemoDataset {
  resource: string;
  /** Demo user who publishes (the owner's data steward, or the platform administrator). */
  publisher: string;
  theme: string;
  licence: string;
  frequency: Frequency;
  spatialCode: string;
  temporalStart?: string;
  temporalEnd?: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  /** Days ago: the publication, then each data update. A last update older than the promise makes the dataset overdue. */
  history: number[];
  rows: RowSpec;
  applications?: Array<ApplyInput & { approve?: boolean }>;
}

export interface DemoReport {
  datasets: number;
  published: number;
}

export function readDemoOpendata(): DemoDataset[] {
  return (JSON.parse(fs.readFileSync(demoFile, 'utf8')) as { datasets: DemoDataset[] }).datasets;
}

const DAY = 86_400_000;

/** A small deterministic count from a dataset name and a day. */
function countOf(seed: string, scale: number): number {
  let h = 2166136261;
  for (const ch of seed) {
    h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  }
  return (h >>> 0) % (scale + 1);
}

/**
 * Publishes the demo datasets that are not published yet, each at its own past dates (a
 * publishing clock moved back), with its data updates, 30 days of use and its applications.
 */
export async function seedDemoOpendata(deps: OpendataDeps, actAs: (username: string) => Promise<Principal | null>): Promise<DemoReport> {
  const now = deps.clock();
  const datasets = createDatasetRepository(deps.db);
  const usage = createUsageRepository(deps.db);
  const definitions = readDemoOpendata();
  let published = 0;
  for (const def of definitions) {
    const resource = await deps.catalog.getResource(def.resource);
    if (!resource || (await datasets.getByResource(resource.id))) {
      continue;
    }
    const principal = (await actAs(def.publisher)) ?? (await actAs('admin'));
    if (!principal) {
      throw new Error('the demo users are missing: load the demo organisations first');
    }
    const [publishedAgo = 0, ...updatesAgo] = def.history;
    // Mid-morning China time on the day: the hour a department would publish.
    const at = (daysAgo: number) => new Date(Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY + 2 * 3_600_000);
    const clockAt = (daysAgo: number) => ({ ...deps, clock: () => (daysAgo === 0 ? now : at(daysAgo)) });
    const rows = demoRows(datasetNameOf(resource), def.rows, now);
    let dataset = await createPublishService(clockAt(publishedAgo)).publish(principal, {
      resource: resource.id,
      theme: def.theme,
      licence: def.licence,
      frequency: def.frequency,
      spatialCode: def.spatialCode,
      temporalStart: def.temporalStart ?? null,
      temporalEnd: def.temporalEnd ?? null,
      contactName: def.contactName,
      contactEmail: def.contactEmail,
      contactPhone: def.contactPhone,
      rows,
      note: '首次发布',
    });
    for (const ago of updatesAgo) {
      dataset = await createPublishService(clockAt(ago)).updateData(principal, dataset.id, { version: dataset.version, rows, note: '例行更新' });
    }
    for (let ago = Math.min(30, publishedAgo); ago >= 1; ago--) {
      const day = chinaDay(new Date(now.getTime() - ago * DAY));
      const downloads = countOf(`${dataset.name}:${day}:d`, 12);
      const apiCalls = countOf(`${dataset.name}:${day}:a`, 40);
      if (downloads + apiCalls > 0) {
        await usage.add(dataset.id, day, { downloads, apiCalls });
      }
    }
    const applications = createApplicationsService(deps);
    for (const { approve, ...application } of def.applications ?? []) {
      const { id } = await applications.apply(dataset.name, application);
      if (approve) {
        await applications.decide(principal, id, { approve: true, note: '用途明确，同意开放' });
      }
    }
    published += 1;
  }
  return { datasets: definitions.length, published };
}
