/** The frame around every page: the navigation (with the place kept for portfolio boxes) and who is logged in. */
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { User } from '../api-types.ts';

const LINKS = [
  { to: '/', label: 'Overview', end: true },
  { to: '/twins', label: 'Twins', end: false },
  { to: '/errors', label: 'Errors', end: false },
  { to: '/statistics', label: 'Statistics', end: false },
];

/** Navigation on the left, the page on the right. */
export function AppLayout({ user, onLogOut, children }: { user: User; onLogOut: () => void; children: ReactNode }) {
  return (
    <div className="layout">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Tandem
        </div>
        <ul>
          {LINKS.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            </li>
          ))}
          <li>
            <span className="nav-disabled" aria-disabled="true" title="Portfolio boxes: coming later">
              Portfolio <small>coming later</small>
            </span>
          </li>
        </ul>
        <ul className="nav-settings">
          <li>
            <NavLink to="/tokens">API tokens</NavLink>
          </li>
        </ul>
        <div className="sidebar-user">
          <span title={user.email}>{user.name ?? user.email}</span>
          <button type="button" className="link-button" onClick={onLogOut}>
            Log out
          </button>
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
