package azure

import "time"

// tokenTimeout bounds one request to the Entra token endpoint, whose answer
// is small and quick; a hung one must not hold requests.
const tokenTimeout = 30 * time.Second
