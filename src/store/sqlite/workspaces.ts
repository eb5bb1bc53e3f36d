import { toWorkspace, type WorkspaceRaw } from "../rows.ts";
import type { Workspace } from "../types.ts";
import { type Db, prepared } from "./db.ts";

export function createWorkspace(db: Db, workspace: Workspace): Workspace {
  prepared(db, "INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)").run(
    workspace.id,
    workspace.name,
    workspace.createdAt,
  );
  return { ...workspace };
}

export function getWorkspace(db: Db, id: string): Workspace | null {
  const raw = prepared(db, "SELECT id, name, created_at FROM workspaces WHERE id = ?").get(id) as
    | WorkspaceRaw
    | undefined;
  return raw ? toWorkspace(raw) : null;
}

export function findWorkspaceByName(db: Db, name: string): Workspace | null {
  const raw = prepared(db, "SELECT id, name, created_at FROM workspaces WHERE name = ?").get(name) as
    | WorkspaceRaw
    | undefined;
  return raw ? toWorkspace(raw) : null;
}

export function listWorkspaces(db: Db): Workspace[] {
  const rows = prepared(
    db,
    "SELECT id, name, created_at FROM workspaces ORDER BY created_at, id",
  ).all() as WorkspaceRaw[];
  return rows.map(toWorkspace);
}
