// Secrets of the AWS-compatible keys (`idmatch keys create --aws`).
//
// Decision (docs/migrating-from-rekognition.md): an AWS secret is *derived*,
// not stored: secret = base64(HMAC-SHA256(master, "idmatch-aws-secret-v1\n" +
// access key id)), first 40 characters (an AWS secret's length). The server
// must recompute a Signature V4 HMAC, so it needs the secret itself, not a
// hash; deriving it means the database holds only the access key id, and a
// stolen database (or backup) yields no secret without the master file.
// Compared with encrypting each secret under the master, nothing per key
// needs storing or migrating, and it needs no cipher. The cost: replacing the
// master secret changes every AWS secret at once (re-issue them).
//
// The master secret is 32 random bytes as 64 hex digits in a file outside
// the database rows: by default `aws-master.key` in the data directory
// (mode 0600, created by the first `keys create --aws`); replicas sharing a
// PostgreSQL store must be given the same file (`aws_master_key_file`).
//
// Thread contract: pure functions plus file I/O; no shared state.
#pragma once

#include <string>
#include <string_view>

#include "idmatch/status.h"

namespace idmatch::store {

// The master secret's 32 bytes from `path`. With `create`, a missing file is
// made (0600, in a directory that exists). kNotFound when absent and not
// created; kConfigInvalid when the file is not 64 hex digits or is readable
// by others (group/other permission bits set).
Result<std::string> LoadAwsMasterSecret(const std::string& path, bool create);

// The AWS secret access key of `access_key_id` under `master` (40 chars).
std::string DeriveAwsSecret(std::string_view master, std::string_view access_key_id);

}  // namespace idmatch::store
