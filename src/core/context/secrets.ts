// The privacy guard's two checks. Batch inputs stay with the API for 29 days, so a secret sent is a secret kept:
// a file that looks like one is never added as context (and queueing one asks first), and every request is
// scanned for key-shaped strings before it leaves.

const SECRET_NAME =
  /^(\.env(\..*)?|.*\.(pem|key|p12|pfx|keystore|jks|ppk)|id_(rsa|dsa|ecdsa|ed25519)(\.pub)?|\.netrc|\.npmrc|\.pypirc|credentials(\.(json|ya?ml|toml|ini|xml|csv|txt))?|.*secrets?\.(json|ya?ml|toml)|\.htpasswd)$/i;

/** True for a file whose name says it holds secrets (`.env*`, keys, credentials). Example files do not count. */
export function looksLikeSecretFile(relPath: string): boolean {
  const name = relPath.split('/').pop() ?? relPath;
  if (/\.(example|sample|template|dist)$/i.test(name)) return false;
  if (/\.pub$/i.test(name) && !/^id_/.test(name)) return false;
  return SECRET_NAME.test(name) || /(^|\/)\.aws\/credentials$/.test(relPath) || /(^|\/)\.ssh\//.test(relPath);
}

export type KeyKind = 'anthropic' | 'aws' | 'github' | 'privateKey';

const KEY_PATTERNS: ReadonlyArray<{ kind: KeyKind; pattern: RegExp }> = [
  { kind: 'anthropic', pattern: /sk-ant-[a-z0-9]{2,10}-[A-Za-z0-9_-]{20,}/ },
  { kind: 'aws', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'github', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { kind: 'privateKey', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
];

export const KEY_WORDS: Record<KeyKind, string> = {
  anthropic: 'an Anthropic API key',
  aws: 'an AWS access key',
  github: 'a GitHub token',
  privateKey: 'a private key',
};

/** A key-shaped string in a text: which kind, and its 1-based line. */
export interface KeyHit {
  kind: KeyKind;
  line: number;
}

/** Every key-shaped string in `text`, one per line at most. */
export function findKeys(text: string): KeyHit[] {
  if (!/sk-ant-|AKIA|ASIA|gh[pousr]_|github_pat_|PRIVATE KEY/.test(text)) return [];
  const hits: KeyHit[] = [];
  text.split('\n').forEach((line, index) => {
    const found = KEY_PATTERNS.find(({ pattern }) => pattern.test(line));
    if (found) hits.push({ kind: found.kind, line: index + 1 });
  });
  return hits;
}

/** A key found in what a submission would send, and which tasks carry it. */
export interface KeyFinding {
  /** The file the key is in, or "instruction of <file>" when the user typed it into an instruction. */
  relPath: string;
  line: number;
  kind: KeyKind;
  taskIds: string[];
}
