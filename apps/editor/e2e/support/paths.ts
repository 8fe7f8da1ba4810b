import path from 'node:path';

export const editorDir = path.resolve(import.meta.dirname, '../..');
export const repoDir = path.resolve(editorDir, '../..');
export const artifactsDir = path.join(repoDir, 'test-artifacts');
