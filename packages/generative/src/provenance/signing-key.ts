import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../fs/atomic-write.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Short fingerprint of the public key, recorded in every provenance record. */
  keyId: string;
  publicKeyPem: string;
}

const PRIVATE_FILE = 'provenance-ed25519.pem';
const PUBLIC_FILE = 'provenance-ed25519.pub.pem';

export function keyDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

/**
 * Loads the Ed25519 key pair from the data folder, generating it on first use. The
 * private key is written 0600 and published with link(), which fails if another process
 * got there first, so two instances starting together end up with the same key.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const dir = keyDir(dataDir);
  const privatePath = path.join(dir, PRIVATE_FILE);
  let pem = await readFile(privatePath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (pem === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const temp = `${privatePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, fresh, { mode: 0o600 });
    await chmod(temp, 0o600); // the umask may have widened nothing, but never trust it
    try {
      await link(temp, privatePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    pem = await readFile(privatePath, 'utf8');
  }
  const key = signingKeyFromPem(pem);
  await atomicWrite(path.join(dir, PUBLIC_FILE), key.publicKeyPem);
  return key;
}

export function signingKeyFromPem(privatePem: string): SigningKey {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicKeyPem };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

/** Reads the public key a data folder publishes, for verifying without the private key. */
export async function readPublicKey(dataDir: string): Promise<KeyObject> {
  return createPublicKey(await readFile(path.join(keyDir(dataDir), PUBLIC_FILE), 'utf8'));
}
