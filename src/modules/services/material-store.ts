/**
 * Where uploaded materials live. Files are content-addressed by their SM3 hash, so the same
 * file uploaded twice is stored once and a stored file can be checked against its hash on
 * every read. Local disk by default (DATA_DIR/materials); an S3-compatible store only has to
 * implement {@link MaterialStore}.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sm3Hex } from '../../kernel/crypto/index.js';
import { FileCorrupt, FileTypeNotAllowed } from './applications.errors.js';

export interface MaterialStore {
  /** Stores `data` whose SM3 hash is `sm3`; returns the storage key. Storing the same content again is a no-op. */
  put(sm3: string, data: Buffer): Promise<string>;
  /** The bytes under `key`; undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
}

const HASH = /^[0-9a-f]{64}$/;

/** Files under `dir/<first two hex digits>/<hash>`, written to a temporary name and renamed. */
export function createLocalMaterialStore(dir: string): MaterialStore {
  const fileOf = (key: string) => {
    if (!HASH.test(key)) {
      throw new Error(`not a material storage key: ${key}`);
    }
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    async put(sm3, data) {
      const file = fileOf(sm3);
      try {
        await fs.access(file);
        return sm3;
      } catch {
        // not stored yet
      }
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(temporary, data, { mode: 0o600 });
      await fs.rename(temporary, file);
      return sm3;
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return undefined;
        }
        throw error;
      }
    },
  };
}

export type MaterialType = 'application/pdf' | 'application/ofd' | 'image/png' | 'image/jpeg';

const starts = (data: Buffer, bytes: number[]) => bytes.every((b, i) => data[i] === b);

/**
 * The type of a file from its first bytes, whatever its name or declared type says: PDF,
 * OFD (GB/T 33190, a ZIP container holding OFD.xml), PNG or JPEG; null for anything else.
 */
export function sniffType(data: Buffer): MaterialType | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (starts(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image/png';
  }
  if (starts(data, [0xff, 0xd8, 0xff])) {
    return 'image/jpeg';
  }
  // A ZIP local file header; an OFD package names OFD.xml among its first entries.
  if (starts(data, [0x50, 0x4b, 0x03, 0x04]) && data.subarray(0, 4096).includes('OFD.xml')) {
    return 'application/ofd';
  }
  return null;
}

/** Hashes and types an upload; throws SERVICES_FILE_TYPE_NOT_ALLOWED for other types. */
export function inspectUpload(data: Buffer): { sm3: string; contentType: MaterialType } {
  const contentType = sniffType(data);
  if (!contentType) {
    throw FileTypeNotAllowed();
  }
  return { sm3: sm3Hex(data), contentType };
}

/** Reads a stored file and checks it against its hash; SERVICES_FILE_CORRUPT when it differs or is gone. */
export async function readVerified(store: MaterialStore, key: string, sm3: string): Promise<Buffer> {
  const data = await store.get(key);
  if (!data || sm3Hex(data) !== sm3) {
    throw FileCorrupt({ key });
  }
  return data;
}
