import { Injectable } from '@nestjs/common';
import { Tx } from '@orderflow/event-store';

/** Human-friendly numbers from PostgreSQL sequences: RMA-000042, CMP-000007. */
@Injectable()
export class AfterSalesNumbers {
  nextRmaNumber(tx: Tx): Promise<string> {
    return next(tx, 'aftersales_rma_number_seq', 'RMA');
  }

  nextComplaintId(tx: Tx): Promise<string> {
    return next(tx, 'aftersales_complaint_id_seq', 'CMP');
  }
}

async function next(tx: Tx, sequence: string, prefix: string): Promise<string> {
  const [row] = (await tx.query(`SELECT nextval('${sequence}') AS n`)) as { n: string }[];
  return `${prefix}-${row.n.padStart(6, '0')}`;
}
