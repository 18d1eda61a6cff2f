import { ReferenceDataRoute, referenceDataHttpController } from '@orderflow/platform';
import {
  ChannelName,
  CHANNELS,
  ChannelSettingsBody,
  LEAD_TIMES,
  LeadTimeBody,
  LeadTimeCountry,
  ProductBody,
  PRODUCTS,
  Sku,
} from '../infrastructure/reference-data';

/** The order service's admin API (docs/adr/0032), each route documented by ../docs/openapi.ts. */
export const CHANNEL_ROUTE: ReferenceDataRoute<typeof ChannelSettingsBody> = {
  data: CHANNELS,
  path: 'admin/channels',
  listName: 'channels',
  key: ChannelName,
  body: ChannelSettingsBody,
};

export const LEAD_TIME_ROUTE: ReferenceDataRoute<typeof LeadTimeBody> = {
  data: LEAD_TIMES,
  path: 'admin/lead-times',
  listName: 'leadTimes',
  key: LeadTimeCountry,
  body: LeadTimeBody,
};

export const PRODUCT_ROUTE: ReferenceDataRoute<typeof ProductBody> = {
  data: PRODUCTS,
  path: 'admin/products',
  listName: 'products',
  key: Sku,
  body: ProductBody,
  // A price for a channel that does not exist would never be checked: most likely a misspelt channel.
  refusal: async (tx, _sku, product) => {
    const channels = [...new Set(product.prices.map((p) => p.channel))];
    const known = new Set((await CHANNELS.entries(tx, channels)).map((e) => e.key));
    const i = product.prices.findIndex((p) => !known.has(p.channel));
    if (i < 0) return undefined;
    const channel = product.prices[i].channel;
    return { field: `prices[${i}].channel`, message: `channel "${channel}" is not configured (PUT /admin/channels/${channel} first)` };
  },
};

export const ChannelsHttpController = referenceDataHttpController(CHANNEL_ROUTE);
export const LeadTimesHttpController = referenceDataHttpController(LEAD_TIME_ROUTE);
export const ProductsHttpController = referenceDataHttpController(PRODUCT_ROUTE);
