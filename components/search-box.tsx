"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useSearchBox } from "react-instantsearch";

const NOT_TYPED_INTO = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

/** The "/" shortcut must not steal the key from a field the user is typing in (a checkbox is not one). */
function isTypingTarget(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TYPED_INTO.has(target.type);
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
}

/**
 * Search as you type. One clear button (the browser's own is hidden in CSS), a magnifier that
 * is only decoration, a spinner inside the box while a search is slow, and "/" to focus the box
 * from anywhere on the page, as on Meilisearch's and Algolia's demos.
 */
export function SearchBox({ placeholder, inputId }: { placeholder: string; inputId: string }) {
  const { query, refine, isSearchStalled } = useSearchBox();
  const [value, setValue] = useState(query);
  const [focused, setFocused] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // Back/forward and "clear the search" change the query from outside: follow it unless typing.
  if (query !== value && !focused) setValue(query);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const update = (next: string) => {
    setValue(next);
    refine(next);
  };

  return (
    <form
      role="search"
      className="search-box"
      data-stalled={isSearchStalled}
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        // On a phone, "Search" on the keyboard should reveal the results the keyboard covers.
        if (window.matchMedia("(max-width: 720px)").matches) inputRef.current?.blur();
      }}
    >
      <svg className="search-box-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
        <path
          d="M8.5 2a6.5 6.5 0 0 1 5.2 10.4l4 4-1.3 1.3-4-4A6.5 6.5 0 1 1 8.5 2Zm0 1.8a4.7 4.7 0 1 0 0 9.4 4.7 4.7 0 0 0 0-9.4Z"
          fill="currentColor"
        />
      </svg>
      <input
        ref={inputRef}
        id={inputId}
        className="search-box-input"
        type="search"
        aria-label="Search"
        placeholder={placeholder}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="search"
        maxLength={200}
        autoFocus
        value={value}
        onChange={(event) => update(event.currentTarget.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      {isSearchStalled && <span className="search-box-spinner" aria-hidden="true" />}
      {value ? (
        <button
          type="button"
          className="search-box-clear"
          aria-label="Clear the search"
          onClick={() => {
            update("");
            inputRef.current?.focus();
          }}
        >
          <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true">
            <path d="M4 4l12 12M16 4 4 16" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
          </svg>
        </button>
      ) : (
        !focused && (
          <kbd className="search-box-shortcut" title="Press / to search">
            /
          </kbd>
        )
      )}
    </form>
  );
}
