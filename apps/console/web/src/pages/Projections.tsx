import { useSession } from '../session';
import { Page } from '../ui/Page';
import { ProjectionTable } from './projections/ProjectionTable';
import { VerifyChain } from './projections/VerifyChain';

/** How current the read models are, rebuilding them, and proof that no stored event was altered. */
export function ProjectionsPage(_: { params: Record<string, string> }) {
  const { can } = useSession();
  return (
    <Page title="Projections and audit">
      <div className="stack">
        {can('projections:read') ? <ProjectionTable /> : null}
        {can('audit:read') ? <VerifyChain /> : null}
      </div>
    </Page>
  );
}
