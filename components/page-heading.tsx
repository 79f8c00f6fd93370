import type { ReactNode } from "react";

/** A page's title and one-line intro, with room on the right for the page's main action. */
export function PageHeading({ title, intro, children }: { title: string; intro: string; children?: ReactNode }) {
  return (
    <div className="page-heading">
      <div className="page-heading-text">
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
      </div>
      {children}
    </div>
  );
}
