import { isSealedValue } from '@orderflow/contracts';
import { keyEncryptionKeyOf, newDataKey, newKeyRef, openField, sealedParts, sealField, unwrapDataKey, wrapDataKey } from './sealing';

describe('sealing a personal field (AES-256-GCM, docs/adr/0022)', () => {
  const dataKey = newDataKey();
  const keyRef = newKeyRef();

  it('gives pii:v1:<keyRef>:<iv>:<ciphertext> that opens to the plaintext with the same key and field', () => {
    const sealed = sealField(dataKey, keyRef, 'name', 'Zoë Ünïcode 😀');
    expect(sealed).toMatch(new RegExp(`^pii:v1:${keyRef}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(isSealedValue(sealed)).toBe(true);
    // Neither the plaintext nor its base64 shows (a two-letter probe would match random ciphertext now and then).
    expect(sealed).not.toContain('Zoë Ünïcode');
    expect(sealed).not.toContain(Buffer.from('Zoë Ünïcode 😀').toString('base64url').slice(0, 16));
    expect(openField(dataKey, 'name', sealedParts(sealed)!)).toBe('Zoë Ünïcode 😀');
    // A fresh IV each time: equal plaintexts are not recognisable as equal.
    expect(sealField(dataKey, keyRef, 'name', 'Zoë Ünïcode 😀')).not.toBe(sealed);
    expect(openField(dataKey, 'line2', sealedParts(sealField(dataKey, keyRef, 'line2', ''))!)).toBe('');
  });

  it('does not open under another field, another customer\'s key or ref, or when altered', () => {
    const sealed = sealField(dataKey, keyRef, 'email', 'ada@example.com');
    const parts = sealedParts(sealed)!;
    expect(openField(dataKey, 'name', parts)).toBeUndefined();
    expect(openField(newDataKey(), 'email', parts)).toBeUndefined();
    expect(openField(dataKey, 'email', { ...parts, keyRef: newKeyRef() })).toBeUndefined();
    const flipped = parts.ciphertext[0] === 'A' ? `B${parts.ciphertext.slice(1)}` : `A${parts.ciphertext.slice(1)}`;
    expect(openField(dataKey, 'email', { ...parts, ciphertext: flipped })).toBeUndefined();
  });

  it('wraps a data key under the master key, bound to its ref', () => {
    const kek = keyEncryptionKeyOf(Buffer.from('a-master-key-of-at-least-32-characters'));
    const wrapped = wrapDataKey(kek, keyRef, dataKey);
    expect(wrapped).toHaveLength(60);
    expect(unwrapDataKey(kek, keyRef, wrapped)).toEqual(dataKey);
    expect(unwrapDataKey(kek, newKeyRef(), wrapped)).toBeUndefined();
    expect(unwrapDataKey(keyEncryptionKeyOf(Buffer.from('another-master-key-of-32-characters!!')), keyRef, wrapped)).toBeUndefined();
  });
});
