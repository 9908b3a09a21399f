/**
 * What the GitHub Marketplace's publish form checks in action.yml, as GitHub documents it:
 * - "Publishing actions in GitHub Marketplace"
 *   (https://docs.github.com/en/actions/how-tos/create-and-publish-actions/publish-in-github-marketplace): the
 *   `name` must be unique - no action on the Marketplace, no user or organization (unless it publishes the action),
 *   no Marketplace category may have it, and GitHub reserves the names of its features.
 * - "Metadata syntax reference" (https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax):
 *   `name` and `description` are required; every input and output has a `description`; an input or output id
 *   starts with a letter or `_` and holds only letters, digits, `-` and `_`; `branding.color` and `branding.icon`
 *   take the values below.
 * The description's limit is not on those pages: the publish form refuses one of 125 characters or more with
 * "Description must be less than 125 characters", checking the action.yml of the release's tag.
 */

/** The form's limit: a description must be shorter than this. */
export const DESCRIPTION_LIMIT = 125

/** `branding.color`: "Can be one of: white, black, yellow, blue, green, orange, red, purple, or gray-dark." */
export const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark'
] as const

/**
 * `branding.icon`: the Feather v4.28.0 icons the docs list as supported ("Exhaustive list of all currently supported
 * icons"); brand icons and coffee, columns, divide(-circle, -square), frown, hexagon, key, meh, mouse-pointer,
 * smile, tool and x-octagon are omitted from it.
 */
export const BRANDING_ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right
  anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left
  arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2
  bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase calendar
  camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right chevron-up
  chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning
  cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right
  corner-left-down corner-left-up corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card
  crop crosshair database delete disc dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link
  eye-off eye fast-forward feather file-minus file-plus file-text file film filter flag folder-minus folder-plus
  folder gift git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart
  help-circle home image inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail
  map-pin map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle
  minus-square minus monitor moon more-horizontal more-vertical move music navigation-2 navigation octagon package
  paperclip pause-circle pause percent phone-call phone-forwarded phone-incoming phone-missed phone-off
  phone-outgoing phone pie-chart play-circle play plus-circle plus-square plus pocket power printer radio
  refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send server settings share-2
  share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back skip-forward slash sliders
  smartphone speaker square star stop-circle sun sunrise sunset table tablet tag target terminal thermometer
  thumbs-down thumbs-up toggle-left toggle-right trash-2 trash trending-down trending-up triangle truck tv type
  umbrella underline unlock upload-cloud upload user-check user-minus user-plus user-x user users video-off video
  voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind x-circle x-square x zap-off zap zoom-in
  zoom-out`.split(/\s+/)
)

/**
 * The Marketplace's categories, which a name may not match (as the Marketplace lists them; the docs name the rule,
 * not the list).
 */
export const MARKETPLACE_CATEGORIES = [
  'API management',
  'Chat',
  'Code quality',
  'Code review',
  'Continuous integration',
  'Dependency management',
  'Deployment',
  'IDEs',
  'Learning',
  'Localization',
  'Mobile',
  'Monitoring',
  'Project management',
  'Publishing',
  'Recently added',
  'Security',
  'Support',
  'Testing',
  'Utilities'
]

/** An input or output id as the metadata syntax allows it. */
export const METADATA_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/
