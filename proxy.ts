import { withAuth } from "next-auth/middleware";

// Pages only: API routes answer 401 JSON themselves rather than redirecting.
export default withAuth({
  pages: { signIn: "/login" },
  secret: process.env.NEXTAUTH_SECRET,
});

export const config = { matcher: ["/appointments/:path*"] };
