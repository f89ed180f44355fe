// The trails that decide whether AssumeRoot alerts can fire: EventBridge receives "AWS API Call via
// CloudTrail" events only in an account and region where a trail logs management events.
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import type { TrailsPort, TrailStatus } from "../domain/ports";
import { call } from "./aws-error";

export class CloudTrailApi implements TrailsPort {
  constructor(private readonly client: () => CloudTrailClient) {}

  async trails(): Promise<TrailStatus[]> {
    const out = await call("cloudtrail:DescribeTrails", () => this.client().send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    return Promise.all(
      (out.trailList ?? []).map(async (t) => {
        const name = t.TrailARN ?? t.Name ?? "";
        const status = await call("cloudtrail:GetTrailStatus", () => this.client().send(new GetTrailStatusCommand({ Name: name })));
        return {
          name: t.Name ?? name,
          homeRegion: t.HomeRegion ?? "",
          multiRegion: t.IsMultiRegionTrail ?? false,
          logging: status.IsLogging ?? false,
          managementEvents: t.HasCustomEventSelectors ? await this.logsManagementEvents(name) : true,
        };
      }),
    );
  }

  /** With custom selectors, whether any (basic or advanced) selects management events. */
  private async logsManagementEvents(trail: string): Promise<boolean> {
    const out = await call("cloudtrail:GetEventSelectors", () => this.client().send(new GetEventSelectorsCommand({ TrailName: trail })));
    if (out.EventSelectors?.some((s) => s.IncludeManagementEvents !== false)) return true;
    return (out.AdvancedEventSelectors ?? []).some((s) => s.FieldSelectors?.some((f) => f.Field === "eventCategory" && f.Equals?.includes("Management")));
  }
}
