// The row → document mapping is lib/db/queries/search-documents.ts. This path stays only while
// scripts/ imports it; delete it once they import that module.
export { allDocuments, documentsAfter, documentsByIds } from "../db/queries/search-documents";
