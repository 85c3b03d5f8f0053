import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../../lib/runtime/index.ts';

describe('Class: Redactor', () => {
  it('replaces secret values inside strings, nested values and keys', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');

    expect(redactor.redactString('Bearer s3cr3t-value!')).toBe(`Bearer ${REDACTED}!`);
    expect(redactor.redactValue({ a: ['x s3cr3t-value'], 's3cr3t-value': 1 })).toEqual({ a: [`x ${REDACTED}`], [REDACTED]: 1 });
  });

  it('registers the whole JSON secret, and its leaves under secret-like keys only', () => {
    // Prepare: the shape Secrets Manager uses for an RDS credential
    const secret = JSON.stringify({ engine: 'postgres', host: 'db.internal', username: 'app-user', password: 'S3cr3t-pw-9f8e', dbname: 'users', port: 5432, auth: { clientId: 'client-1234' }, apiKey: 'ak-5678' });
    const redactor = new Redactor();

    // Act
    redactor.add(secret);

    // Assess
    expect(redactor.redactString(`secret ${secret}`)).toBe(`secret ${REDACTED}`);
    expect(redactor.redactString('login S3cr3t-pw-9f8e ak-5678 client-1234')).toBe(`login ${REDACTED} ${REDACTED} ${REDACTED}`);
    const output = { url: 'https://app.example.com/users/u-1', status: 'created in postgres', host: 'db.internal', user: 'app-user' };
    expect(redactor.redactValue(output)).toEqual(output);
  });

  it.each([
    ['URL-encoded', (v: string) => `https://partner.example/v1?key=${encodeURIComponent(v)}`],
    ['form-encoded', (v: string) => `grant_type=x&${new URLSearchParams({ client_secret: v }).toString()}`],
    ['JSON-escaped', (v: string) => JSON.stringify({ echoed: v })],
  ])('catches a secret written %s', (_form, write) => {
    const secret = 'c2Vj cmV0+a2V5/dmFs"dWU=\\x';
    const redactor = new Redactor();
    redactor.add(secret);

    const text = redactor.redactString(write(secret));

    expect(text).toContain(REDACTED);
    expect(text).not.toContain('a2V5');
  });

  it('registers the encoded forms of a JSON secret\'s secret-like leaves', () => {
    const redactor = new Redactor();
    redactor.add(JSON.stringify({ token: 'tok en/+=' }));

    expect(redactor.redactString(`?t=${encodeURIComponent('tok en/+=')}`)).toBe(`?t=${REDACTED}`);
  });

  it('redacts an error chain in place, including getter-only messages', () => {
    const redactor = new Redactor();
    redactor.add('tok-123456');
    const cause = new DOMException('aborted tok-123456', 'TimeoutError');
    const error = new Error('failed with tok-123456', { cause });

    redactor.redactError(error);

    expect(error.message).toBe(`failed with ${REDACTED}`);
    expect(error.stack).not.toContain('tok-123456');
    expect((error.cause as Error).message).toBe(`aborted ${REDACTED}`);
  });

  it('ignores values too short to be credentials', () => {
    const redactor = new Redactor();
    redactor.add('ab');

    expect(redactor.redactString('about')).toBe('about');
  });
});

describe('Class: Redactor (JSON secrets, any key)', () => {
  it.each([
    ['a value under an ordinary key', '{"value":"sk_live_abcdef123456"}', 'sk_live_abcdef123456'],
    ['a password under a short key', '{"user":"svc","pass":"hunter2hunter2"}', 'hunter2hunter2'],
    ['a connection string', '{"dsn":"postgres://svc:Sup3rS3cret@db/app"}', 'postgres://svc:Sup3rS3cret@db/app'],
    ['a nested value', '{"stripe":{"live":"sk_live_zyxwvu987654"}}', 'sk_live_zyxwvu987654'],
    ['an item of a top-level array', '["tok_aaaaaaaa","tok_bbbbbbbb"]', 'tok_bbbbbbbb'],
  ])('redacts %s that a handler reads on its own', (_, secret, leaf) => {
    const redactor = new Redactor();
    redactor.add(secret);
    expect(redactor.redactString(`calling with ${leaf}`)).toBe('calling with [REDACTED]');
  });

  it('leaves the descriptive fields of the RDS secret format alone', () => {
    const redactor = new Redactor();
    redactor.add('{"engine":"postgres","host":"db.internal","port":5432,"dbname":"users","username":"svc_app","password":"Sup3rS3cretPw"}');
    expect(redactor.redactValue({ url: 'https://app.example.com/users/u-1', db: 'postgres on db.internal', who: 'svc_app', pw: 'Sup3rS3cretPw' })).toEqual({
      url: 'https://app.example.com/users/u-1',
      db: 'postgres on db.internal',
      who: 'svc_app',
      pw: '[REDACTED]',
    });
  });

  it('replaces the head of a secret where a text was cut (end, line end, ellipsis), in messages but not in data', () => {
    // Prepare
    const redactor = new Redactor();
    redactor.add('tok-4b9e1d7c2a8f');
    // Act
    const cut = redactor.redactText('body: xxx tok-4b9e\n    at step (file.ts:1:1)');
    const ellipsis = redactor.redactText('answered 400: tok-4b…');
    const data = redactor.redactValue({ note: 'ends with tok-4b9e' });
    // Assess
    expect(cut).toBe(`body: xxx ${REDACTED}\n    at step (file.ts:1:1)`);
    expect(ellipsis).toBe(`answered 400: ${REDACTED}…`);
    expect(data).toEqual({ note: 'ends with tok-4b9e' });
  });

  it('redacts the name, message and a non-error cause of each error of a chain that loops', () => {
    // Prepare
    const redactor = new Redactor();
    redactor.add('tok-4b9e1d7c2a8f');
    const inner = Object.assign(new Error('inner tok-4b9e1d7c2a8f'), { name: 'Vendor.tok-4b9e1d7c2a8f' });
    const outer = new Error('outer', { cause: inner });
    (inner as { cause?: unknown }).cause = outer;
    const withData = new Error('refused', { cause: { header: 'Bearer tok-4b9e1d7c2a8f' } });
    // Act
    redactor.redactError(outer);
    redactor.redactError(withData);
    // Assess
    expect(inner.name).toBe(`Vendor.${REDACTED}`);
    expect(inner.message).toBe(`inner ${REDACTED}`);
    expect(inner.stack).not.toContain('tok-4b9e');
    expect(withData.cause).toEqual({ header: `Bearer ${REDACTED}` });
  });
});

