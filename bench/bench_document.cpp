// Benchmark: reading one document photo (document::ReadDocument: barcode, then
// parse and checks), one thread, on generated ~2 MP photos
// (tests/support/document_factory.h, card_factory.h):
//   back     licence back on a table, 1920x1080 (PDF417, 3 px modules)
//   front    licence front with a real face and a smaller code (2 px modules)
//   passport a TD3 passport page with a portrait on a table, 1920x1080 (MRZ)
//   id-card  a TD1 ID card back on a table, 1920x1080 (MRZ)
//   no-code  a face photo from ../shared (the miss every plain compare pays)
// Usage: bench_document [ITERATIONS] (default 20, after 2 warm-up reads).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "document/reader.h"
#include "support/card_factory.h"
#include "support/document_factory.h"
#include "support/image_factory.h"
#include "support/mrz_factory.h"

namespace {

void Measure(const char* name, const cv::Mat& photo, int iterations) {
  std::vector<double> ms;
  int read = 0;
  for (int i = 0; i < iterations + 2; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const bool ok = idmatch::document::ReadDocument(photo, "2026-01-01", 18).ok();
    const double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (i >= 2) {
      ms.push_back(t);
      read += ok;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("  %-8s %4dx%-4d  %2zu reads, %2d read ok   min %6.1f  median %6.1f  max %6.1f ms\n", name, photo.cols,
              photo.rows, ms.size(), read, ms.front(), ms[ms.size() / 2], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace idmatch;
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  cv::setNumThreads(1);
  const std::string record = testing::AamvaRecordText(10, {{"DL", testing::SampleLicenceElements()}});
  std::printf("idmatch bench_document: ReadDocument on one photo, 1 thread\n");
  Measure("back", testing::CardOnATable(testing::Pdf417Image(record, 3), 1), iterations);
  const cv::Mat face = cv::imread(testing::SharedDir() + "/testdata/faces/deepface/img2.jpg", cv::IMREAD_COLOR);
  if (face.empty()) {
    std::printf("  front, no-code: skipped (no ../shared photos under %s)\n", testing::SharedDir().c_str());
    return 0;
  }
  Measure("front", testing::PhotographCard(testing::LicenceFront(face, testing::Pdf417Image(record, 2)), 3),
          iterations);
  if (testing::OcrBFontAvailable()) {
    const auto& ids = testing::SampleMrzIdentities();
    Measure("passport", testing::PhotographCard(testing::MrzDocument(testing::Td3Lines(ids[0]), face), 4), iterations);
    Measure("id-card", testing::PhotographCard(testing::MrzDocument(testing::Td1Lines(ids[2])), 5), iterations);
  }
  Measure("no-code", face, iterations);
  return 0;
}
