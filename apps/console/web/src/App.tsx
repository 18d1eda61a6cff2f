import { Link, matchPath, useLocation } from './router';
import { PAGES } from './pages';
import { SignInPage } from './pages/SignIn';
import { useSession } from './session';

/** The frame of every page: the main navigation (only the pages the key may see) and the page. */
export function App() {
  const { identity, can, signOut } = useSession();
  const { path } = useLocation();
  if (!identity) return <SignInPage />;

  const allowed = PAGES.filter((p) => p.anyOf.some(can));
  const route = PAGES.map((p) => ({ page: p, params: matchPath(p.path, path) })).find((r) => r.params);
  const Current = route?.page.component;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">orderflow</span>
        <nav aria-label="Main">
          <ul>
            {allowed
              .filter((p) => p.nav)
              .map((p) => (
                <li key={p.path}>
                  <Link to={p.path} aria-current={route?.page.path === p.path ? 'page' : undefined}>
                    {p.title}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span className="who" title={`key ${identity.keyId}`}>
          {identity.name} ({identity.role})
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {!route || !Current ? (
          <p role="alert">No page at {path}.</p>
        ) : !route.page.anyOf.some(can) ? (
          <p role="alert">A {identity.role} key may not see {route.page.title.toLowerCase()}.</p>
        ) : (
          <Current params={route.params!} />
        )}
      </main>
    </div>
  );
}
