import path from 'node:path';

/** Where the embedded identity store keeps its file. */
export const authDir = (dataDir: string) => path.join(dataDir, 'auth');
