// IAM for Amazon Location Service Places: Geocode and ReverseGeocode on the Places API's one resource, its provider.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** `arn:<partition>:geo-places:<region>::provider/default`: the Places API has no resources of its own, only this one (no account). */
export function placesProviderArn(scope: iam.IRole): string {
  return Stack.of(scope).formatArn({
    service: 'geo-places',
    account: '',
    resource: 'provider',
    resourceName: 'default',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** Lets `role` turn typed addresses into points and shared points into addresses (adapters/geo/location-places-geocoder.ts), and nothing else of Places. */
export function grantGeocoding(role: iam.Role): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'GeocodeAddresses',
      actions: ['geo-places:Geocode', 'geo-places:ReverseGeocode'],
      resources: [placesProviderArn(role)],
    }),
  );
}
