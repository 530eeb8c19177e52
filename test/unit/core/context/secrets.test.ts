import * as assert from 'node:assert/strict';
import { findKeys, looksLikeSecretFile } from '../../../../src/core/context/secrets';

describe('privacy guard', () => {
  it('knows secret-looking files, and that examples are not secrets', () => {
    for (const file of [
      '.env',
      '.env.local',
      'config/.env.production',
      'certs/server.pem',
      'tls.key',
      'id_rsa',
      'home/.ssh/config',
      '.aws/credentials',
      'credentials.json',
      'app/secrets.yaml',
      '.npmrc',
    ])
      assert.ok(looksLikeSecretFile(file), file);
    for (const file of ['.env.example', 'src/env.ts', 'keyboard.ts', 'docs/keys.md', 'src/credentials.ts', 'README.md'])
      assert.ok(!looksLikeSecretFile(file), file);
  });

  it('finds key-shaped strings with their line, and nothing in ordinary code', () => {
    const text = [
      'const ok = "sk-ant-not-a-key";',
      `const key = "sk-ant-api03-${'a'.repeat(40)}";`,
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      `token: ghp_${'A1'.repeat(18)}`,
      '-----BEGIN RSA PRIVATE KEY-----',
    ].join('\n');
    assert.deepEqual(findKeys(text), [
      { kind: 'anthropic', line: 2 },
      { kind: 'aws', line: 3 },
      { kind: 'github', line: 4 },
      { kind: 'privateKey', line: 5 },
    ]);
    assert.deepEqual(findKeys('export function key(): string { return "AKIA" + suffix; }'), []);
  });
});
