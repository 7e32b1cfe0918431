// How far ahead of the next-best reading the OCR's choice is, for MRZ fields
// read right and read wrong: the data kMrzCertainMargin
// (src/document/mrz_confidence.h) is chosen from. Fields no check digit
// protects (names, nationality, issuing state, sex, document code) are
// compared with the truth on every rendered document of the MRZ sample test
// under its degradations plus the real photos of
// ../shared/testdata/documents/mrz-photos (IDMATCH_SHARED_DIR), and the
// margins of right and wrong fields printed with the rule's threshold.
//
// Usage: build/bench/mrz_confidence
#include "document/mrz_confidence.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "document/mrz_reader.h"
#include "image/decode.h"
#include "support/card_factory.h"
#include "support/degrade.h"
#include "support/document_factory.h"
#include "support/image_factory.h"
#include "support/mrz_factory.h"

namespace {

using namespace idmatch;
using namespace idmatch::document;

constexpr const char* kToday = "2026-12-01";
const char* const kUnprotected[] = {"family_name", "given_names", "nationality", "issuing_country", "sex", "type"};

std::map<std::string, std::string> FieldsOf(const Mrz& m) {
  return {{"family_name", m.surname},
          {"given_names", m.given_names},
          {"nationality", m.nationality},
          {"issuing_country", m.issuing_state},
          {"sex", m.sex},
          {"type", m.document_code}};
}

struct Tally {
  std::vector<float> right, wrong;
};

void Score(const cv::Mat& image, const std::vector<std::string>& truth_lines, Tally& t) {
  auto read = ReadMrz(image, kToday);
  if (!read.ok()) return;
  std::string text;
  for (const auto& l : truth_lines) text += l + "\n";
  auto truth = ParseMrz(text, kToday);
  if (!truth.ok() || read->mrz.format != truth->format) return;
  const auto assessed = AssessMrzFields(read->mrz, read->cell_margins, read->runner_up);
  const auto ours = FieldsOf(read->mrz), want = FieldsOf(*truth);
  for (const char* f : kUnprotected) {
    if (!assessed.confidence.count(f)) continue;  // not in this layout (the French ID has no nationality)
    // A field the whole-read rules already doubt (failed checks) counts as
    // margin 0: the threshold only has to separate the rest.
    const float margin = assessed.confidence.at(f) <= 0.25f ? 0.0f : assessed.margin.at(f);
    (ours.at(f) == want.at(f) ? t.right : t.wrong).push_back(margin);
    if (ours.at(f) != want.at(f) && std::getenv("MRZ_CONFIDENCE_VERBOSE")) {
      std::printf("  wrong %-15s margin %.3f: '%s' (truth '%s')\n", f, margin, ours.at(f).c_str(), want.at(f).c_str());
    }
  }
}

float Percentile(std::vector<float> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[size_t(p * double(v.size() - 1))];
}

}  // namespace

int main() {
  Tally t;
  const auto& ids = testing::SampleMrzIdentities();
  std::vector<std::vector<std::string>> docs;
  for (size_t i = 0; i < ids.size(); ++i) {
    docs.push_back(testing::Td3Lines(ids[i]));
    docs.push_back(testing::Td1Lines(ids[i]));
    docs.push_back(testing::Td2Lines(ids[i]));
  }
  const std::vector<std::pair<const char*, std::function<cv::Mat(const cv::Mat&, unsigned)>>> degradations = {
      {"clean", [](const cv::Mat& d, unsigned) { return d; }},
      {"rotate_7", [](const cv::Mat& d,
                      unsigned) { return testing::Degrade(d, testing::Degradation::kRotate, 7, cv::Rect2f(), 1.0); }},
      {"blur",
       [](const cv::Mat& d, unsigned) {
         cv::Mat b;
         cv::GaussianBlur(d, b, cv::Size(), 1.5);
         return b;
       }},
      {"jpeg_q40", [](const cv::Mat& d, unsigned) { return testing::JpegRoundTrip(d, 40); }},
      {"photo_on_table", [](const cv::Mat& d, unsigned seed) { return testing::PhotographCard(d, seed); }},
  };
  for (size_t i = 0; i < docs.size(); ++i) {
    for (const auto& [name, degrade] : degradations) {
      for (const double px_per_mm : {12.0, 6.0}) {
        Score(degrade(testing::MrzDocument(docs[i], cv::Mat(), px_per_mm), unsigned(i + 1)), docs[i], t);
      }
    }
  }
  const size_t rendered = t.right.size() + t.wrong.size();
  const std::filesystem::path dir = std::filesystem::path(testing::SharedDir()) / "testdata/documents/mrz-photos";
  std::ifstream manifest(dir / "manifest.csv");
  std::string line;
  std::getline(manifest, line);
  while (std::getline(manifest, line)) {
    std::stringstream row(line);
    std::string file, source, lines;
    std::getline(row, file, ',');
    std::getline(row, source, ',');
    std::getline(row, lines, ',');
    std::vector<std::string> truth;
    std::stringstream split(lines);
    for (std::string l; std::getline(split, l, '|');) truth.push_back(l);
    std::ifstream in(dir / file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto image = image::DecodeImage(bytes.str(), ImageLimits{});
    if (image.ok()) Score(image->bgr, truth, t);
  }
  std::printf("unprotected fields scored: %zu (%zu rendered, %zu from photos); right %zu, wrong %zu\n",
              t.right.size() + t.wrong.size(), rendered, t.right.size() + t.wrong.size() - rendered, t.right.size(),
              t.wrong.size());
  const float worst_wrong = t.wrong.empty() ? 0.0f : *std::max_element(t.wrong.begin(), t.wrong.end());
  std::printf("margin of wrong fields: max %.4f, median %.4f\n", worst_wrong, Percentile(t.wrong, 0.5));
  std::printf("margin of right fields: p1 %.4f, p5 %.4f, median %.4f\n", Percentile(t.right, 0.01),
              Percentile(t.right, 0.05), Percentile(t.right, 0.5));
  for (const float tau : {0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f, 0.10f}) {
    const auto wrong_certain = std::count_if(t.wrong.begin(), t.wrong.end(), [&](float m) { return m >= tau; });
    const auto right_flagged = std::count_if(t.right.begin(), t.right.end(), [&](float m) { return m < tau; });
    std::printf("threshold %.2f: wrong fields certain %ld, right fields flagged %ld (%.1f%%)%s\n", tau, wrong_certain,
                right_flagged, 100.0 * double(right_flagged) / double(std::max<size_t>(1, t.right.size())),
                tau == kMrzCertainMargin ? "  <- kMrzCertainMargin" : "");
  }
  std::printf("rule: the largest margin of any wrong field rounded up to 0.01, plus 0.01 of headroom -> %.2f\n",
              std::ceil(worst_wrong * 100.0f) / 100.0f + 0.01f);
  return 0;
}
