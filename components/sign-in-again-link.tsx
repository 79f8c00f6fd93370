"use client";

import { usePathname } from "next/navigation";
import { loginPath } from "@/lib/common/callback-url";

/** After a write answered 401: the session is gone, and signing in again comes back here. */
export function SignInAgainLink() {
  const pathname = usePathname();
  return (
    <>
      {" "}
      <a href={loginPath(pathname)}>Sign in again</a>
    </>
  );
}
