import { deciderSpec } from '@orderflow/decider';
import { referenceDecider, ReferenceKind } from './reference-data';

const kind: ReferenceKind = {
  noun: 'channel',
  streamId: (key) => `channel-${key}`,
  eventType: 'ChannelConfigured',
  keyField: 'channel',
  timeField: 'configuredAt',
  viewTable: 'order_channels',
};
const spec = deciderSpec(referenceDecider<Record<string, unknown>>(kind));
const at = '2026-12-02T10:00:00.000Z';
const configured = (settings: Record<string, unknown>, when = at) => ({ type: 'ChannelConfigured', data: { channel: 'kiosk', ...settings, configuredAt: when } });

describe('the reference-data decider (docs/adr/0032)', () => {
  it('records a new entity whole, under its key, with when', () => {
    spec
      .given([])
      .when({ key: 'kiosk', entity: { currencies: ['EUR'], priceCheck: 'off' }, at })
      .then([configured({ currencies: ['EUR'], priceCheck: 'off' })]);
  });

  it('records nothing for the entity that holds already, whatever the order of its fields', () => {
    spec
      .given([configured({ currencies: ['EUR'], priceCheck: 'off' }, '2026-12-01T08:00:00.000Z')])
      .when({ key: 'kiosk', entity: { priceCheck: 'off', currencies: ['EUR'] }, at })
      .thenNothing();
  });

  it('records a change as the whole new entity, and decides on the latest one', () => {
    const first = configured({ currencies: ['EUR'], priceCheck: 'off' });
    const second = configured({ currencies: ['EUR'], priceCheck: 'reject' });
    spec.given([first]).when({ key: 'kiosk', entity: { currencies: ['EUR'], priceCheck: 'reject' }, at }).then([second]);
    spec.given([first, second]).when({ key: 'kiosk', entity: { currencies: ['EUR'], priceCheck: 'off' }, at }).then([first]);
    expect(spec.stateAfter([first, second])).toEqual({ entity: { currencies: ['EUR'], priceCheck: 'reject' } });
  });
});
