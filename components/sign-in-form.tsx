"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { signInWithPassword, type SignInResult } from "@/lib/browser/auth-client";
import { safeCallbackPath } from "@/lib/common/callback-url";

const MESSAGES: Record<Exclude<SignInResult, { ok: true }>["reason"], string> = {
  credentials: "Wrong username or password, or the account is disabled.",
  rate_limited: "Too many sign-in attempts. Please wait a minute and try again.",
  rejected: "The server could not accept this sign-in.",
  unavailable: "Sign-in is unavailable right now. Please try again later.",
  network: "We could not reach the server. Check your connection and try again.",
};

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function fail(message: string, field: HTMLInputElement | null) {
    setError(message);
    // Focus goes back to the field to fix, never to the page body; the alert is announced.
    field?.focus();
    field?.select();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const name = username.current?.value.trim() ?? "";
    const secret = password.current?.value ?? "";
    if (!name || !secret) {
      return fail(
        !name && !secret
          ? "Enter your username and password."
          : !name
            ? "Enter your username."
            : "Enter your password.",
        !name ? username.current : password.current,
      );
    }
    setPending(true);
    setError(null);
    const result = await signInWithPassword(name, secret);
    if (result.ok) {
      // The server already chose a same-origin path; checking again here costs nothing.
      router.replace(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
      return;
    }
    setPending(false);
    const message = result.reason === "rejected" && result.message ? result.message : MESSAGES[result.reason];
    fail(message, result.reason === "credentials" ? password.current : username.current);
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <label className="field">
        <span>Username</span>
        <input
          ref={username}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={128}
          required
          aria-invalid={error ? true : undefined}
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          ref={password}
          name="password"
          type="password"
          autoComplete="current-password"
          maxLength={128}
          required
          aria-invalid={error ? true : undefined}
        />
      </label>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" aria-disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
