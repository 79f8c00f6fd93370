/** While Meilisearch does not answer; the search client keeps retrying, so this goes away by itself. */
export function SearchOutageAlert() {
  return (
    <div className="alert alert-error" role="alert">
      <strong>Search is unavailable right now.</strong> Your appointments are safe; we keep retrying and will show your
      results as soon as search is back.
    </div>
  );
}
