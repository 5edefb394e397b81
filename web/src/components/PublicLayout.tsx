import { Flex, Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../layout/LanguageSwitch';

/**
 * The shell of a public page (no session): a narrow header that fits a phone, with a brand
 * linking home and the page's own actions, then the lazily loaded page. Styles: `yw-portal*`.
 */
export function PublicLayout(props: {
  testId: string;
  home: string;
  /** One character in the brand's square. */
  mark: string;
  title: string;
  subtitle: string;
  /** Beside the language switch: `before` it or `after` it. */
  actions: { before?: ReactNode; after?: ReactNode };
  children: ReactNode;
}) {
  const { testId, home, mark, title, subtitle, actions, children } = props;
  return (
    <div className="yw-portal" data-testid={testId}>
      <header className="yw-portal-header">
        <div className="yw-portal-header-inner">
          <Link to={home} className="yw-portal-brand">
            <span className="yw-portal-mark" aria-hidden>
              {mark}
            </span>
            <span style={{ minWidth: 0, overflow: 'hidden' }}>
              <div className="yw-portal-title">{title}</div>
              <div className="yw-portal-subtitle">{subtitle}</div>
            </span>
          </Link>
          <div className="yw-portal-actions">
            {actions.before}
            <LanguageSwitch />
            {actions.after}
          </div>
        </div>
      </header>
      <main className="yw-portal-main">
        <Suspense
          fallback={
            <Flex justify="center" style={{ padding: 64 }}>
              <Spin />
            </Flex>
          }
        >
          {children}
        </Suspense>
      </main>
    </div>
  );
}
