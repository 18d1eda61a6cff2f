import { ADDRESS_PERSONAL_FIELDS, coarseLocation, CUSTOMER_PERSONAL_FIELDS, GeoPoint, isSealedValue, PersonalField } from '@orderflow/contracts';
import { customerKey, CustomerKeys, CustomerRef, LiveKey } from './customer-keys';
import { openField, sealField, sealedParts } from './sealing';

/** What opening shows for a field whose customer was erased. */
export const ERASED = '[erased]';
/** ...and for one it cannot open: no master key here, another master key, or an altered value. */
export const UNREADABLE = '[unreadable]';

/** A message carrying a customer and an address: OrderSubmitted, and what the order service places. */
export interface WithPersonalData {
  channel: string;
  customer: { id: string } & Partial<Record<(typeof CUSTOMER_PERSONAL_FIELDS)[number], string>>;
  shippingAddress: Partial<Record<(typeof ADDRESS_PERSONAL_FIELDS)[number], string>> & { location?: GeoPoint };
}

/** A property of the query API's JSON whose value is a sealed field: the field itself, or a summary's copy. */
const FIELD_OF_PROPERTY: Record<string, PersonalField> = {
  ...Object.fromEntries([...CUSTOMER_PERSONAL_FIELDS, ...ADDRESS_PERSONAL_FIELDS].map((f) => [f, f])),
  customerName: 'name',
};
/** Properties that stand for the whole of a summary's personal data: an erased one marks its summary. */
const SUMMARY_PROPERTIES = new Set(['customerName']);

const SEALED = String.raw`"(pii:v1:([A-Za-z0-9_-]{22}):[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,})"`;
const SEALED_PROPERTY = new RegExp(String.raw`"([A-Za-z0-9_]{1,64})"(\s*:\s*)${SEALED}`, 'g');
const SEALED_ANYWHERE = new RegExp(SEALED, 'g');

const needsSealing = (value: string | undefined) => value !== undefined && !isSealedValue(value);

/**
 * Seals at the edge and opens at the point of use (docs/adr/0022). Sealing replaces each plaintext
 * personal field with a value sealed by the customer's key; values already sealed stay as they are.
 * Opening works on the JSON text of an answer, without parsing it.
 */
export class PersonalData {
  constructor(readonly keys: CustomerKeys) {}

  /** False without a master key: then nothing is sealed, and sealed values show as unreadable. */
  get enabled(): boolean {
    return this.keys.canSeal;
  }

  /**
   * The messages with their plaintext personal fields sealed: one key lookup for the whole batch.
   * An address's location is not sealed but coarsened to one decimal (docs/adr/0037), whatever the key.
   */
  async seal<T extends WithPersonalData>(given: readonly T[]): Promise<T[]> {
    const messages = given.map(withCoarseLocation);
    const plain = messages.filter(hasPlaintext);
    if (plain.length === 0 || !this.enabled) return messages;
    const refOf = (m: T): CustomerRef => ({ channel: m.channel, customerId: m.customer.id });
    const keys = await this.keys.keysFor(plain.map(refOf));
    return messages.map((m) => {
      if (!hasPlaintext(m)) return m;
      const key = keys.get(customerKey(refOf(m)))!;
      return {
        ...m,
        customer: sealFields(m.customer, CUSTOMER_PERSONAL_FIELDS, key),
        shippingAddress: sealFields(m.shippingAddress, ADDRESS_PERSONAL_FIELDS, key),
      };
    });
  }

  /**
   * The JSON text with every sealed value opened: the plaintext, ERASED when its key was destroyed,
   * UNREADABLE when it cannot be opened here; never the ciphertext. When something was erased, the
   * answer (a JSON object) says so with `"personalDataErased": true`, and so does each order summary
   * whose customer's name was erased.
   */
  async openJson(text: string): Promise<{ text: string; erased: boolean }> {
    if (!text.includes('"pii:v1:')) return { text, erased: false };
    const refs = [...text.matchAll(SEALED_ANYWHERE)].map((m) => m[2]);
    const states = await this.keys.stateOf(refs);
    let erased = false;
    const opened = text
      .replace(SEALED_PROPERTY, (_all, property: string, colon: string, value: string, keyRef: string) => {
        const field = FIELD_OF_PROPERTY[property];
        const state = states.get(keyRef);
        let shown = UNREADABLE;
        if (state?.state === 'erased') {
          erased = true;
          const marker = SUMMARY_PROPERTIES.has(property) ? `,"personalDataErased":true` : '';
          return `"${property}"${colon}${JSON.stringify(ERASED)}${marker}`;
        }
        if (field && state?.state === 'live') shown = openField(state.dataKey, field, sealedParts(value)!) ?? UNREADABLE;
        return `"${property}"${colon}${JSON.stringify(shown)}`;
      })
      // A sealed value that is no named field's (in an array, say): shown as unreadable all the same.
      .replace(SEALED_ANYWHERE, JSON.stringify(UNREADABLE));
    if (!erased) return { text: opened, erased };
    const start = opened.search(/\S/);
    const marked = opened[start] === '{' && opened.slice(start + 1).trimStart()[0] !== '}'
      ? `${opened.slice(0, start + 1)}"personalDataErased":true,${opened.slice(start + 1)}`
      : opened;
    return { text: marked, erased };
  }
}

function withCoarseLocation<T extends WithPersonalData>(m: T): T {
  const location = m.shippingAddress?.location;
  if (!location) return m;
  const coarse = coarseLocation(location);
  if (coarse.lat === location.lat && coarse.lon === location.lon) return m;
  return { ...m, shippingAddress: { ...m.shippingAddress, location: coarse } };
}

function hasPlaintext(m: WithPersonalData): boolean {
  return CUSTOMER_PERSONAL_FIELDS.some((f) => needsSealing(m.customer[f])) || ADDRESS_PERSONAL_FIELDS.some((f) => needsSealing(m.shippingAddress[f]));
}

function sealFields<T extends Partial<Record<PersonalField, string>>>(of: T, fields: readonly PersonalField[], key: LiveKey): T {
  const sealed: Record<string, unknown> = { ...of };
  for (const field of fields) {
    const value = of[field];
    if (needsSealing(value)) sealed[field] = sealField(key.dataKey, key.keyRef, field, value!);
  }
  return sealed as T;
}
