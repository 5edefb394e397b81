/** File-system helpers shared by the kernel and the modules. */
export { createFileExclusively } from './create-exclusively.js';
