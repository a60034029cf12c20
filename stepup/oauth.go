package stepup

import "github.com/sessiongate/sessiongate"

// oauthFactor returns the factor's OAuth provider detail, if any.
func oauthFactor(f *sessiongate.AuthenticationFactor) *sessiongate.OAuthFactor {
	for _, o := range []*sessiongate.OAuthFactor{
		f.GoogleOAuthFactor, f.MicrosoftOAuthFactor, f.AppleOAuthFactor,
		f.GitHubOAuthFactor, f.FacebookOAuthFactor, f.AmazonOAuthFactor,
		f.BitbucketOAuthFactor, f.CoinbaseOAuthFactor, f.DiscordOAuthFactor,
		f.FigmaOAuthFactor, f.GitLabOAuthFactor, f.InstagramOAuthFactor,
		f.LinkedInOAuthFactor, f.ShopifyOAuthFactor, f.SlackOAuthFactor,
		f.SnapchatOAuthFactor, f.SpotifyOAuthFactor, f.SteamOAuthFactor,
		f.TikTokOAuthFactor, f.TwitchOAuthFactor, f.TwitterOAuthFactor,
		f.SalesforceOAuthFactor, f.YahooOAuthFactor, f.HubSpotOAuthFactor,
	} {
		if o != nil {
			return o
		}
	}
	return nil
}
