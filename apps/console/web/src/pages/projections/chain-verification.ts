/** GET /audit/verify (apps/query-service/src/audit/audit-verification.ts), one page of the whole store. */
export interface AuditFinding {
  kind: 'altered' | 'removed-tail' | 'removed-stream' | 'seal-forged';
  streamId?: string;
  streamVersion?: number;
  globalPosition?: number;
  sealId?: number;
  reason: string;
}

export interface VerifyPage {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  findings: AuditFinding[];
  findingsOmitted: number;
  seals: { checked: boolean; note?: string; sealsVerified: number; headsCompared: number };
  nextCursor: string | null;
}

/** A verification of the whole store, its pages added up as they come. */
export interface Verification {
  ok: boolean;
  pages: number;
  streamsChecked: number;
  eventsChecked: number;
  findings: AuditFinding[];
  findingsOmitted: number;
  sealsVerified: number;
  headsCompared: number;
  sealNotes: string[];
  sealsChecked: boolean;
  complete: boolean;
}

export const NOTHING_VERIFIED: Verification = {
  ok: true,
  pages: 0,
  streamsChecked: 0,
  eventsChecked: 0,
  findings: [],
  findingsOmitted: 0,
  sealsVerified: 0,
  headsCompared: 0,
  sealNotes: [],
  sealsChecked: true,
  complete: false,
};

export function addPage(so: Verification, page: VerifyPage): Verification {
  return {
    ok: so.ok && page.ok,
    pages: so.pages + 1,
    streamsChecked: so.streamsChecked + page.streamsChecked,
    eventsChecked: so.eventsChecked + page.eventsChecked,
    findings: [...so.findings, ...page.findings],
    findingsOmitted: so.findingsOmitted + page.findingsOmitted,
    sealsVerified: so.sealsVerified + page.seals.sealsVerified,
    headsCompared: so.headsCompared + page.seals.headsCompared,
    sealNotes: page.seals.note && !so.sealNotes.includes(page.seals.note) ? [...so.sealNotes, page.seals.note] : so.sealNotes,
    sealsChecked: so.sealsChecked && page.seals.checked,
    complete: page.nextCursor === null,
  };
}
