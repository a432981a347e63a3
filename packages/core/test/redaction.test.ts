import { describe, expect, it } from 'vitest';
import { findSecretKinds, redact } from '../src/redaction.js';

// Fake credentials built from parts so the source never holds a literal that scanners flag.
const OPENAI = ['sk', 'proj', 'Ab3dEf6hIj9kLm2nOp5qRs8t'].join('-');
const OPENAI_PLAIN = ['sk', 'abcdefghijklmnop1234'].join('-');
const ANTHROPIC = ['sk', 'ant', 'api03', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg'].join('-');
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;
const GITHUB_PAT = `github_pat_${'11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'}`;
const AWS = `AKIA${'IOSFODNN7EXAMPLE'}`;
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const BEARER = 'abcDEF123456789xyz.token';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA1b2c3d4e5f6',
  'g7h8i9j0k1l2m3n4o5p6==',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('redact', () => {
  it.each<[string, string, string, string]>([
    ['an OpenAI project key', `export OPENAI=${OPENAI} now`, 'export OPENAI=[REDACTED] now', OPENAI],
    ['an OpenAI key', `key ${OPENAI_PLAIN} here`, 'key [REDACTED] here', OPENAI_PLAIN],
    ['an Anthropic key', `using ${ANTHROPIC} for claude`, 'using [REDACTED] for claude', ANTHROPIC],
    ['a GitHub token', `token is ${GITHUB_TOKEN}.`, 'token is [REDACTED].', GITHUB_TOKEN],
    ['a fine-grained GitHub PAT', `pat ${GITHUB_PAT} end`, 'pat [REDACTED] end', GITHUB_PAT],
    ['an AWS access key id', `aws ${AWS} end`, 'aws [REDACTED] end', AWS],
    ['a JWT', `cookie ${JWT}; path=/`, 'cookie [REDACTED]; path=/', JWT],
    ['a Bearer token', `Authorization: Bearer ${BEARER} sent`, 'Authorization: Bearer [REDACTED] sent', BEARER],
    ['a PEM private key block', `before\n${PEM}\nafter`, 'before\n[REDACTED]\nafter', 'MIIEpAIBAAKCAQEA1b2c3d4e5f6'],
    [
      'a password in a URI',
      'connect to postgres://app_user:hunter2pw@db.example.com:5432/app now',
      'connect to postgres://app_user:[REDACTED]@db.example.com:5432/app now',
      'hunter2pw',
    ],
    ['api_key=…', 'set api_key=abcd1234efgh5678 then run', 'set api_key=[REDACTED] then run', 'abcd1234efgh5678'],
    ['a quoted API-KEY: "…"', 'headers API-KEY: "abcd1234efgh5678" ok', 'headers API-KEY: "[REDACTED]" ok', 'abcd1234efgh5678'],
    ['password: …', 'password: correct-horse-battery', 'password: [REDACTED]', 'correct-horse-battery'],
  ])('replaces %s and keeps the words around it', (_kind, input, expected, secret) => {
    const output = redact(input);
    expect(output).toBe(expected);
    expect(output).not.toContain(secret);
  });

  it('redacts an unterminated PEM block to the end of the text', () => {
    const output = redact(`key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n`);
    expect(output).toBe('key:\n[REDACTED]');
  });

  it('redacts every secret in a longer text', () => {
    const input = `first ${GITHUB_TOKEN} then ${AWS} and ${OPENAI_PLAIN}`;
    expect(redact(input)).toBe('first [REDACTED] then [REDACTED] and [REDACTED]');
  });

  it('gives the same answer when called again (no regex state leaks between calls)', () => {
    const input = `a ${GITHUB_TOKEN} b`;
    expect(redact(input)).toBe(redact(input));
    expect(findSecretKinds(input)).toEqual(findSecretKinds(input));
  });

  it.each([
    ['a git SHA', 'commit 3f2a9c1d4e5b6a7980f1e2d3c4b5a69788f0e1d2 on main'],
    ['a short SHA', 'HEAD is now at 3f2a9c1 fix build'],
    ['a UUID', 'session 123e4567-e89b-12d3-a456-426614174000 started'],
    ['the word token alone', 'the token is refreshed; count tokens before sending'],
    ['a password prompt', 'password reset flow; enter your password:'],
    ['a plain URL with a port', 'open http://localhost:8080/path?x=1 or https://example.com/a@b'],
    ['an email address', 'mail ada@example.com about it'],
    ['words with sk- inside', 'run the task-runner, then the desk-check and risk-assessment-framework'],
    ['a token budget', 'max_tokens=16000000 and api_key_name=short'],
    ['a Markdown rule', '-----\nheading\n-----'],
  ])('leaves %s untouched', (_name, text) => {
    expect(redact(text)).toBe(text);
    expect(findSecretKinds(text)).toEqual([]);
  });
});

describe('findSecretKinds', () => {
  it.each<[string, string]>([
    [`x ${OPENAI}`, 'openai_anthropic_key'],
    [`x ${ANTHROPIC}`, 'openai_anthropic_key'],
    [`x ${GITHUB_TOKEN}`, 'github_token'],
    [`x ${GITHUB_PAT}`, 'github_pat'],
    [`x ${AWS}`, 'aws_access_key'],
    [`x ${JWT}`, 'jwt'],
    [`Bearer ${BEARER}`, 'bearer'],
    [PEM, 'pem'],
    ['postgres://u:hunter2pw@h/db', 'uri_password'],
    ['api_key=abcd1234efgh5678', 'assigned_secret'],
  ])('names the kind in %j', (text, kind) => {
    expect(findSecretKinds(text)).toEqual([kind]);
  });

  it('names each kind once and never returns the secret itself', () => {
    const text = `${GITHUB_TOKEN} ${GITHUB_TOKEN} ${AWS}`;
    const kinds = findSecretKinds(text);
    expect(kinds).toEqual(['github_token', 'aws_access_key']);
    for (const kind of kinds) {
      expect(text).not.toContain(kind);
    }
    expect(JSON.stringify(kinds)).not.toContain(GITHUB_TOKEN);
  });

  it('finds nothing in ordinary text', () => {
    expect(findSecretKinds('Inspect the repo and summarise the build.')).toEqual([]);
  });
});
