/**
 * 减证便民: which materials an application carries and how. An upload the applicant names
 * is taken as given; otherwise a material the procedure waives is waived; otherwise a valid
 * e-license of the material's license type held by the applicant replaces it (免提交),
 * recorded with its identifier. A required material left without any is refused.
 */
import type { LicenseDetail } from '../licenses/index.js';
import type { Applicant } from './applicants.service.js';
import { FileNotFound, MaterialMissing, UnknownMaterial } from './applications.errors.js';
import type { Procedure } from './applications.model.js';
import type { LicenseDirectory } from './applications.ports.js';
import type { FileRow } from './applicants.repository.js';
import type { NewMaterial } from './application-parts.repository.js';
import { DuplicateMaterial } from './services.errors.js';
import type { Material } from './services.model.js';

export interface MaterialUpload {
  /** The material's name, as the item lists it. */
  name: string;
  /** An uploaded file of the applicant (POST /services/my/files). */
  fileId: string;
}

/** Checks the names and files of `uploads` and returns them by material name. */
export async function checkUploads(
  uploads: readonly MaterialUpload[],
  materials: readonly Material[],
  filesOf: (ids: string[]) => Promise<FileRow[]>,
): Promise<Map<string, FileRow>> {
  const names = new Set(materials.map((m) => m.name));
  const seen = new Set<string>();
  for (const upload of uploads) {
    if (!names.has(upload.name)) {
      throw UnknownMaterial({ material: upload.name });
    }
    if (seen.has(upload.name)) {
      throw DuplicateMaterial({ material: upload.name });
    }
    seen.add(upload.name);
  }
  const files = new Map((await filesOf([...new Set(uploads.map((u) => u.fileId))])).map((f) => [f.id, f]));
  const byName = new Map<string, FileRow>();
  for (const upload of uploads) {
    const file = files.get(upload.fileId);
    if (!file) {
      throw FileNotFound({ fileId: upload.fileId });
    }
    byName.set(upload.name, file);
  }
  return byName;
}

/**
 * The materials of an application: `kept` (already attached, e.g. before 补正), replaced
 * by `uploads`, and completed with waivers and the applicant's e-licenses.
 * @throws SERVICES_MATERIAL_MISSING with `details.materials`.
 */
export async function planMaterials(
  input: { materials: readonly Material[]; procedure: Procedure; applicant: Applicant; uploads: Map<string, FileRow>; kept?: ReadonlyMap<string, NewMaterial> },
  licenses: Pick<LicenseDirectory, 'listForHolder'>,
): Promise<NewMaterial[]> {
  const waived = new Map(input.procedure.waivedMaterials.map((w) => [w.name, w.reason]));
  const open = input.materials.filter((m) => !input.uploads.has(m.name) && !input.kept?.has(m.name) && !waived.has(m.name));
  // Only the license types still needed, looked up by holder and type in one read.
  const typeCodes = [...new Set(open.flatMap((m) => (m.licenseTypeCode ? [m.licenseTypeCode] : [])))];
  const held: LicenseDetail[] = typeCodes.length === 0 ? [] : (await licenses.listForHolder(input.applicant.code, { typeCodes })).filter((l) => l.state === 'valid');

  const planned: NewMaterial[] = [];
  const missing: string[] = [];
  for (const material of input.materials) {
    const upload = input.uploads.get(material.name);
    const kept = input.kept?.get(material.name);
    if (upload) {
      planned.push({ name: material.name, source: 'upload', fileId: upload.id, license: null, note: null });
    } else if (kept) {
      planned.push(kept);
    } else if (waived.has(material.name)) {
      planned.push({ name: material.name, source: 'waived', fileId: null, license: null, note: waived.get(material.name)! });
    } else {
      const license = material.licenseTypeCode ? held.find((l) => l.type.code === material.licenseTypeCode) : undefined;
      if (license) {
        planned.push({ name: material.name, source: 'license', fileId: null, license: { id: license.id, identifier: license.identifier, name: license.name, number: license.number }, note: null });
      } else if (material.requirement === 'required') {
        missing.push(material.name);
      }
    }
  }
  if (missing.length > 0) {
    throw MaterialMissing({ materials: missing });
  }
  return planned;
}
