// CONTRACT STUB (to be implemented by the core-rest work): signatures are fixed, bodies are not.

export type SignedUrlStatus = 'ok' | 'expired' | 'bad_signature' | 'malformed';

export interface SignUrlOptions {
  readonly secret: string;
  /** Seconds until the URL expires. */
  readonly expiresIn: number;
  /** For tests: the signing time (ms since epoch or a Date). */
  readonly now?: number | Date;
}

export interface VerifySignedUrlOptions {
  readonly secret: string;
  readonly now?: number | Date;
}

export async function signUrl(_url: string | URL, _options: SignUrlOptions): Promise<string> {
  throw new Error('signUrl: not implemented yet');
}

export async function verifySignedUrl(_url: string | URL, _options: VerifySignedUrlOptions): Promise<SignedUrlStatus> {
  throw new Error('verifySignedUrl: not implemented yet');
}
