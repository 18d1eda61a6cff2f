import { LineOptions, MadeToOrder, ProductOptions } from '@orderflow/contracts';

/** What the catalogue says of a product, beyond its price: the options it offers, and whether it is made to order. */
export interface ProductTerms {
  /** A plain product's options. */
  options?: ProductOptions;
  madeToOrder?: MadeToOrder;
}

/** The options a product offers, wherever the catalogue keeps them. */
export const offeredOptions = (terms: ProductTerms | undefined): ProductOptions => terms?.madeToOrder?.options ?? terms?.options ?? {};

/**
 * Why a line's options do not fit its product (docs/adr/0039), each reason naming the line and the
 * option: an option the product does not offer, a value outside its list, text over its length,
 * and a required option left out. `lineNo` counts from 1, as a person reads the order.
 */
export function optionProblems(lineNo: number, sku: string, options: LineOptions | undefined, terms: ProductTerms | undefined): string[] {
  const offered = offeredOptions(terms);
  const line = `line ${lineNo} (SKU ${sku})`;
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options ?? {})) {
    const spec = Object.hasOwn(offered, name) ? offered[name] : undefined;
    if (!spec) {
      const names = Object.keys(offered);
      problems.push(`${line}: option "${name}" is not offered (${names.length > 0 ? `it offers ${names.join(', ')}` : 'it has no options'})`);
      continue;
    }
    if (spec.values && !spec.values.includes(value)) {
      problems.push(`${line}: option "${name}" is "${value}", expected one of ${spec.values.join(', ')}`);
    }
    if (spec.maxLength !== undefined && [...value].length > spec.maxLength) {
      problems.push(`${line}: option "${name}" is ${[...value].length} characters, expected at most ${spec.maxLength}`);
    }
  }
  for (const [name, spec] of Object.entries(offered)) {
    if (spec.required && !Object.hasOwn(options ?? {}, name)) problems.push(`${line}: option "${name}" is required`);
  }
  return problems;
}
