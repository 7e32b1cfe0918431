// Server tests of the audit trail and of documents: a row per decision
// written before release, embeddings and document numbers only when enabled,
// keyset listing, the document route and the document section of a compare.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <opencv2/imgcodecs.hpp>

#include "server/server_fixture.h"
#include "store/audit_log.h"
#include "support/card_factory.h"
#include "support/document_factory.h"
#include "support/mrz_factory.h"

namespace idmatch::server {
namespace {

TEST_F(ServerTest, EveryDecisionIsRecordedBeforeItIsReleased) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string id = json::parse(res->body)["request_id"];
  auto mine = c.Get(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  const json rec = json::parse(mine->body);
  EXPECT_EQ(rec["decision"], "match");
  EXPECT_EQ(rec["route"], "/v1/compare");
  EXPECT_EQ(rec["model_profile"], "default");
  EXPECT_EQ(rec["similarity_scale"], 4);  // the calibrated scale (pipeline/calibration.h)
  EXPECT_NEAR(rec["similarity"].get<double>(), json::parse(res->body)["similarity"].get<double>(), 0.01);
  // Quality and liveness outcomes are kept as scores and codes, never pixels.
  EXPECT_EQ(rec["quality_filter"], "AUTO");
  EXPECT_EQ(rec["quality"]["source"]["level"], "MEDIUM");
  EXPECT_TRUE(rec["quality"]["source"]["passed"].get<bool>());
  EXPECT_EQ(rec["quality"]["source"]["scores"].size(), 9u);
  EXPECT_EQ(rec["liveness"], "LIVE");
  EXPECT_GT(rec["liveness_score"].get<double>(), 50.0);
  EXPECT_FALSE(rec.contains("embeddings"));  // biometric data only when the operator enables it
  // Another user's key cannot see it (and cannot learn that it exists); an admin can.
  auto other = s.keys().Create("other", store::KeyRole::kUser);
  ExpectError(c.Get(("/v1/verifications/" + id).c_str(), {{"x-api-key", other->secret}}), 404, "NOT_FOUND");
  auto admin = s.keys().Create("auditor", store::KeyRole::kAdmin);
  auto as_admin = c.Get(("/v1/verifications/" + id).c_str(), {{"x-api-key", admin->secret}});
  ASSERT_TRUE(as_admin);
  EXPECT_EQ(as_admin->status, 200);
  // Erasure.
  ExpectError(c.Delete(("/v1/verifications/" + id).c_str(), {{"x-api-key", other->secret}}), 404, "NOT_FOUND");
  auto erased = c.Delete(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->status, 200);
  ExpectError(c.Get(("/v1/verifications/" + id).c_str(), s.Auth()), 404, "NOT_FOUND");
  // When the audit write fails, no decision leaves the server.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(s.db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE verifications", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto refused = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ExpectError(refused, 503, "UNAVAILABLE");
  EXPECT_EQ(refused->body.find("similarity"), std::string::npos);
}

TEST_F(ServerTest, EmbeddingsAreAuditedOnlyWhenEnabled) {
  ServerConfig config = Config();
  config.audit_store_embeddings = true;
  TestServer s(engine_, config);
  auto c = s.Client();
  auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body.find("float32le"), std::string::npos);  // never in the client's answer
  const std::string id = json::parse(res->body)["request_id"];
  auto rec = c.Get(("/v1/verifications/" + id).c_str(), s.Auth());
  ASSERT_TRUE(rec);
  ASSERT_EQ(rec->status, 200);
  const json e = json::parse(rec->body)["embeddings"];
  ASSERT_TRUE(e.is_object()) << rec->body;
  for (const char* side : {"source", "target"}) {
    auto bytes = base64::DecodeField(e[side].get<std::string>(), side);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(bytes->size(), 512u * 4);
  }
}

TEST_F(ServerTest, DocumentRouteReadsTheBarcodeOrSaysWhyNot) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  const std::string photo = testing::EncodeWith(testing::CardOnATable(testing::Pdf417Image(record, 3), 1), ".jpg",
                                                {cv::IMWRITE_JPEG_QUALITY, 90});
  auto res = c.Post("/v1/document", s.Auth(), json{{"image", base64::Encode(photo)}}.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json d = json::parse(res->body);
  EXPECT_EQ(d["family_name"], "SAMPLE");
  EXPECT_EQ(d["birth_date"], "1977-08-31");
  EXPECT_EQ(d["jurisdiction"], "CA");
  EXPECT_EQ(d["checks"][0]["name"], "not_expired");
  EXPECT_EQ(d["request_id"], res->get_header_value("X-Request-Id"));
  // A face photo has no barcode: 422 in words; no key: 401.
  ExpectError(
      c.Post("/v1/document", s.Auth(), json{{"image", base64::Encode(Photo("img1.jpg"))}}.dump(), "application/json"),
      422, "DOCUMENT_NOT_READ");
  ExpectError(c.Post("/v1/document", json{{"image", base64::Encode(photo)}}.dump(), "application/json"), 401,
              "UNAUTHENTICATED");
}

// A licence whose name is in Latin-1 (as some printers encode accents) was
// an HTTP 500: every string now reaches the client as UTF-8.
TEST_F(ServerTest, DocumentRouteAnswersLatin1NamesAsUtf8) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string record = testing::AamvaRecordText(
      10, {{"DL", {"DAQD1234562", "DCSM\xdcLLER", "DACJOS\xc9", "DBB08311977", "DBA08312030", "DBC1", "DCGUSA"}}});
  const std::string photo =
      testing::EncodeWith(testing::Pdf417Image(record, 3), ".png", {cv::IMWRITE_PNG_COMPRESSION, 1});
  auto res = c.Post("/v1/document", s.Auth(), json{{"image", base64::Encode(photo)}}.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json d = json::parse(res->body);  // strict parse: valid UTF-8 only
  EXPECT_EQ(d["family_name"], "M\xc3\x9cLLER");
  EXPECT_EQ(d["given_names"], "JOS\xc3\x89");
}

TEST_F(ServerTest, VerificationListShowsOwnRecordsWithPaging) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  auto other = s.keys().Create("other", store::KeyRole::kUser);
  const std::string body = CompareBody(Photo("img1.jpg"), Photo("img3.jpg"));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.Post("/v1/compare", s.Auth(), body, "application/json")->status, 200);
  ASSERT_EQ(c.Post("/v1/compare", {{"x-api-key", other->secret}}, body, "application/json")->status, 200);
  auto first = c.Get("/v1/verifications?limit=2&decision=no_match", s.Auth());
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const json page1 = json::parse(first->body);
  ASSERT_EQ(page1["records"].size(), 2u);
  ASSERT_TRUE(page1["next_cursor"].is_string());
  auto second =
      c.Get(("/v1/verifications?limit=2&decision=no_match&cursor=" + page1["next_cursor"].get<std::string>()).c_str(),
            s.Auth());
  ASSERT_TRUE(second);
  const json page2 = json::parse(second->body);
  EXPECT_EQ(page2["records"].size(), 1u);  // the other key's row is not visible
  EXPECT_TRUE(page2["next_cursor"].is_null());
  ExpectError(c.Get("/v1/verifications?limit=5000", s.Auth()), 400, "INVALID_ARGUMENT");
  ExpectError(c.Get("/v1/verifications?cursor=zzz", s.Auth()), 400, "INVALID_ARGUMENT");
}

// A licence front with a real face as portrait and the licence's barcode,
// photographed on a table (JPEG bytes).
std::string LicenceFrontPhoto(const std::string& face_jpeg) {
  std::vector<uchar> buf(face_jpeg.begin(), face_jpeg.end());
  const cv::Mat face = cv::imdecode(buf, cv::IMREAD_COLOR);
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  return testing::EncodeWith(testing::PhotographCard(testing::LicenceFront(face, testing::Pdf417Image(record, 2)), 3),
                             ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
}

TEST_F(ServerTest, CompareReadsTheDocumentAndAuditsItsChecksNotItsNumber) {
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string licence = LicenceFrontPhoto(Photo("img2.jpg"));
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), licence, {{"document", true}}),
                      "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json out = json::parse(res->body);
    EXPECT_TRUE(out["match"].get<bool>()) << out["similarity"];
    const json& d = out["document"];
    EXPECT_TRUE(d["read"].get<bool>()) << res->body.substr(0, 2000);
    EXPECT_EQ(d["source"], "pdf417");
    EXPECT_EQ(d["family_name"], "SAMPLE");
    EXPECT_EQ(d["document_number"], "D1234562");
    EXPECT_EQ(d["checks"].size(), 2u);
    EXPECT_GT(out["timings_ms"]["target"]["document"].get<double>(), 0.0);
    ids.push_back(out["request_id"]);
  }
  std::string hash;
  for (const auto& id : ids) {
    auto rec = c.Get(("/v1/verifications/" + id).c_str(), s.Auth());
    ASSERT_TRUE(rec);
    ASSERT_EQ(rec->status, 200);
    EXPECT_EQ(rec->body.find("D1234562"), std::string::npos) << "the number itself is not stored by default";
    EXPECT_EQ(rec->body.find("SAMPLE"), std::string::npos) << "nor the holder's name";
    const json r = json::parse(rec->body);
    EXPECT_EQ(r["document"]["type"], "DL");
    EXPECT_EQ(r["document"]["jurisdiction"], "CA");
    EXPECT_EQ(r["document"]["checks"][0]["name"], "not_expired");
    ASSERT_TRUE(r["document_number_hash"].is_string());
    EXPECT_EQ(r["document_number_hash"].get<std::string>().size(), 64u);
    if (!hash.empty()) {
      EXPECT_EQ(r["document_number_hash"], hash) << "one document, one hash";
    }
    hash = r["document_number_hash"];
  }
  // The hash is the store's keyed hash of (country, number), and finds both rows.
  EXPECT_EQ(hash, s.store().DocumentNumberHash("USA", "D1234562"));
  EXPECT_NE(hash, s.store().DocumentNumberHash("USA", "D1234563"));
  auto listed = c.Get(("/v1/verifications?document_number_hash=" + hash).c_str(), s.Auth());
  ASSERT_TRUE(listed);
  EXPECT_EQ(json::parse(listed->body)["records"].size(), 2u);
}

TEST_F(ServerTest, DocumentReadingIsOptInAndNumberStorageToo) {
  TestServer c0(engine_, Config());
  auto c = c0.Client();
  // Off by default (it costs a miss on every non-document target): no section.
  auto plain = c.Post("/v1/compare", c0.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg")), "application/json");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(json::parse(plain->body).contains("document"));
  // Asked for on two face photos: nothing to read, said so.
  auto asked = c.Post("/v1/compare", c0.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg"), {{"document", true}}),
                      "application/json");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200);
  const json p = json::parse(asked->body);
  EXPECT_FALSE(p["document"]["read"].get<bool>());
  EXPECT_EQ(p["document"]["reason"], "DOCUMENT_NOT_READ");
  EXPECT_NE(std::find(p["reasons"].begin(), p["reasons"].end(), "DOCUMENT_NOT_READ"), p["reasons"].end());
  ExpectError(c.Post("/v1/compare", c0.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg"), {{"document", 3}}),
                     "application/json"),
              400, "INVALID_ARGUMENT");
  // An operator who turns it on (document_in_compare) and stores numbers.
  ServerConfig config = Config();
  config.engine.document.read_in_compare = true;
  config.audit_store_document_number = true;
  auto engine = Engine::Create(config.engine);
  ASSERT_TRUE(engine.ok());
  TestServer s(std::move(engine).value(), config);
  auto d = s.Client();
  auto res = d.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), LicenceFrontPhoto(Photo("img2.jpg"))),
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(json::parse(res->body)["document"]["read"].get<bool>());
  auto rec = d.Get(("/v1/verifications/" + json::parse(res->body)["request_id"].get<std::string>()).c_str(), s.Auth());
  ASSERT_TRUE(rec);
  EXPECT_EQ(json::parse(rec->body)["document_number"], "D1234562");
  // ...and a request can still turn it off.
  auto off = d.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), Photo("img2.jpg"), {{"document", false}}),
                    "application/json");
  ASSERT_TRUE(off);
  EXPECT_FALSE(json::parse(off->body).contains("document"));
}

TEST_F(ServerTest, PassportCompareAndTwoSidedDocumentRoute) {
  if (!testing::OcrBFontAvailable()) GTEST_SKIP() << "OCR-B font not installed: " << testing::kOcrBFont;
  TestServer s(engine_, Config());
  auto c = s.Client();
  const std::string face_jpeg = Photo("img2.jpg");
  const cv::Mat face = cv::imdecode(std::vector<uchar>(face_jpeg.begin(), face_jpeg.end()), cv::IMREAD_COLOR);
  const auto id = testing::SampleMrzIdentities()[0];  // ERIKSSON ANNA MARIA, expires 2032
  const std::string passport =
      testing::EncodeWith(testing::PhotographCard(testing::MrzDocument(testing::Td3Lines(id), face), 4), ".jpg",
                          {cv::IMWRITE_JPEG_QUALITY, 90});
  auto res = c.Post("/v1/compare", s.Auth(), CompareBody(Photo("img1.jpg"), passport, {{"document", true}}),
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json out = json::parse(res->body);
  EXPECT_TRUE(out["match"].get<bool>()) << out["similarity"];
  EXPECT_EQ(out["document"]["source"], "mrz");
  EXPECT_EQ(out["document"]["family_name"], "ERIKSSON");
  EXPECT_EQ(out["document"]["document_number"], "L898902C3");
  EXPECT_EQ(out["document"]["checks"][2]["name"], "check_digits");
  EXPECT_TRUE(out["document"]["checks"][2]["passed"].get<bool>());
  // Both sides of a card in one /v1/document request.
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  const std::string back = testing::EncodeWith(testing::CardOnATable(testing::Pdf417Image(record, 3), 1), ".jpg",
                                               {cv::IMWRITE_JPEG_QUALITY, 90});
  auto both =
      c.Post("/v1/document", s.Auth(), json{{"front", base64::Encode(passport)}, {"back", base64::Encode(back)}}.dump(),
             "application/json");
  ASSERT_TRUE(both);
  ASSERT_EQ(both->status, 200) << both->body;
  const json d = json::parse(both->body);
  EXPECT_EQ(d["source"], "mrz");
  ASSERT_EQ(d["other_reads"].size(), 1u);
  EXPECT_EQ(d["other_reads"][0]["source"], "pdf417");
  // Different people's data on the two sides: the consistency check says so.
  EXPECT_EQ(d["checks"].back()["name"], "barcode_mrz_consistent");
  EXPECT_EQ(d["checks"].back()["reason"], "BARCODE_MRZ_MISMATCH");
  ExpectError(c.Post("/v1/document", s.Auth(), json{{"side", "x"}}.dump(), "application/json"), 400, "MISSING_FIELD");
  ExpectError(c.Post("/v1/document", s.Auth(), json{{"front", 12}}.dump(), "application/json"), 400,
              "INVALID_ARGUMENT");
}

}  // namespace
}  // namespace idmatch::server
