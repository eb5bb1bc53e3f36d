import { toWorkspace, type WorkspaceRaw } from "../rows.ts";
import type { Workspace } from "../types.ts";
import type { Queryable } from "./db.ts";

export async function createWorkspace(db: Queryable, workspace: Workspace): Promise<Workspace> {
  await db.query("INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)", [
    workspace.id,
    workspace.name,
    workspace.createdAt,
  ]);
  return { ...workspace };
}

export async function getWorkspace(db: Queryable, id: string): Promise<Workspace | null> {
  const { rows } = await db.query<WorkspaceRaw>({
    name: "welink_get_workspace",
    text: "SELECT id, name, created_at FROM workspaces WHERE id = $1",
    values: [id],
  });
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function findWorkspaceByName(db: Queryable, name: string): Promise<Workspace | null> {
  const { rows } = await db.query<WorkspaceRaw>("SELECT id, name, created_at FROM workspaces WHERE name = $1", [name]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function listWorkspaces(db: Queryable): Promise<Workspace[]> {
  const { rows } = await db.query<WorkspaceRaw>("SELECT id, name, created_at FROM workspaces ORDER BY created_at, id");
  return rows.map(toWorkspace);
}
