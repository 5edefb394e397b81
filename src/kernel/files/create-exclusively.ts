import fs from 'node:fs';

/**
 * Creates `file` holding `text` unless it already exists; an existing file is kept as it is.
 * The text is written under a temporary name and linked into place, so a reader never sees
 * half a file, and of processes racing to create it (nodes starting together) one wins and
 * the others' files are discarded.
 */
export function createFileExclusively(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, text, { mode, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  } finally {
    fs.unlinkSync(temporary);
  }
}
