#include "store/key_store.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>

#include "core/base64.h"
#include "core/sha256.h"

namespace idmatch::store {
namespace {

ApiKeyInfo RowToInfo(const SqlRow& r) {
  // The schema's CHECK allows only the two names; anything else reads as the lesser role.
  return ApiKeyInfo{r[0].value_or(""), r[1].value_or(""), ParseKeyRole(r[2].value_or("")).value_or(KeyRole::kUser),
                    r[3].value_or(""), r[4]};
}

}  // namespace

std::optional<std::string> KeyIdOf(std::string_view presented) {
  if (presented.size() < 22 || presented.size() > 200 || presented.substr(0, 4) != "idm_" || presented[20] != '_') {
    return std::nullopt;
  }
  const std::string_view id = presented.substr(4, 16);
  if (id.find_first_not_of("0123456789abcdef") != std::string_view::npos) return std::nullopt;
  return std::string(id);
}

std::string_view KeyRoleName(KeyRole role) { return role == KeyRole::kAdmin ? "admin" : "user"; }

std::optional<KeyRole> ParseKeyRole(std::string_view name) {
  if (name == "user") return KeyRole::kUser;
  if (name == "admin") return KeyRole::kAdmin;
  return std::nullopt;
}

Result<CreatedKey> KeyStore::Create(const std::string& name, KeyRole role, bool aws) {
  if (name.empty() || name.size() > 100) return Status(ErrorCode::kInvalidArgument, "name must be 1..100 characters");
  unsigned char id_bytes[8], secret_bytes[32];
  if (RAND_bytes(id_bytes, sizeof id_bytes) != 1 || RAND_bytes(secret_bytes, sizeof secret_bytes) != 1) {
    return Status(ErrorCode::kInternal, "the random number generator failed");
  }
  CreatedKey k;
  k.info = {sha256::HexOf(id_bytes, sizeof id_bytes), name, role, NowUtc(), std::nullopt};
  std::string secret = base64::Encode(std::string_view(reinterpret_cast<char*>(secret_bytes), sizeof secret_bytes));
  for (auto& c : secret) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  k.secret = "idm_" + k.info.id + "_" + secret;
  const std::string hash = sha256::Hex(k.secret);
  if (aws) {
    unsigned char akid[8];
    if (RAND_bytes(akid, sizeof akid) != 1) return Status(ErrorCode::kInternal, "the random number generator failed");
    k.aws_access_key_id = "IDMA" + sha256::HexOf(akid, sizeof akid);
    for (auto& c : k.aws_access_key_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::lock_guard lock(conn_.mutex);
  auto inserted = conn_.db->Execute(
      "INSERT INTO api_keys (id, name, role, key_sha256, created_at, aws_access_key_id) VALUES (?, ?, ?, ?, ?, ?)",
      {k.info.id, name, std::string(KeyRoleName(role)), hash, k.info.created_at,
       aws ? SqlValue(k.aws_access_key_id) : SqlValue()});
  if (!inserted.ok()) return inserted.status();
  return k;
}

Result<std::vector<ApiKeyInfo>> KeyStore::List() {
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query("SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id");
  if (!rows.ok()) return rows.status();
  std::vector<ApiKeyInfo> out;
  for (const auto& r : *rows) out.push_back(RowToInfo(r));
  return out;
}

Status KeyStore::Revoke(const std::string& id) {
  std::lock_guard lock(conn_.mutex);
  auto changed =
      conn_.db->Execute("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", {NowUtc(), id});
  if (!changed.ok()) return changed.status();
  if (*changed == 0) return Status(ErrorCode::kNotFound, "no API key with id " + id);
  return Status::Ok();
}

Result<ApiKeyInfo> KeyStore::Authenticate(const std::string& presented) {
  const Status unknown(ErrorCode::kUnauthenticated, "the API key is not valid");
  const auto id = KeyIdOf(presented);
  if (!id) return unknown;
  const std::string hash = sha256::Hex(presented);
  std::lock_guard lock(conn_.mutex);
  auto rows =
      conn_.db->Query("SELECT id, name, role, created_at, revoked_at, key_sha256 FROM api_keys WHERE id = ?", {*id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return unknown;
  const std::string stored = (*rows)[0][5].value_or("");
  if (stored.size() != hash.size() || CRYPTO_memcmp(stored.data(), hash.data(), hash.size()) != 0) return unknown;
  ApiKeyInfo info = RowToInfo((*rows)[0]);
  if (info.revoked_at) return Status(ErrorCode::kPermissionDenied, "the API key was revoked");
  return info;
}

Result<ApiKeyInfo> KeyStore::FindAws(const std::string& access_key_id) {
  const Status unknown(ErrorCode::kUnauthenticated, "The security token included in the request is invalid.");
  if (access_key_id.size() != 20 || access_key_id.substr(0, 4) != "IDMA") return unknown;
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query("SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE aws_access_key_id = ?",
                              {access_key_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return unknown;
  ApiKeyInfo info = RowToInfo((*rows)[0]);
  if (info.revoked_at) return Status(ErrorCode::kPermissionDenied, "the API key was revoked");
  return info;
}

Result<int> KeyStore::Count() {
  std::lock_guard lock(conn_.mutex);
  auto rows = conn_.db->Query("SELECT COUNT(*) FROM api_keys");
  if (!rows.ok()) return rows.status();
  return std::atoi((*rows)[0][0].value_or("0").c_str());
}

}  // namespace idmatch::store
