#include "card_factory.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "image_factory.h"

namespace idmatch::testing {
namespace {

void Text(cv::Mat& card, const char* s, int x, int y, double scale, int thickness = 2) {
  cv::putText(card, s, {x, y}, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(40, 30, 20), thickness, cv::LINE_AA);
}

}  // namespace

cv::Mat LicenceFront(const cv::Mat& face_photo, const cv::Mat& symbol, LicenceFrontLayout* layout) {
  const int extra = symbol.empty() ? 0 : symbol.cols + 40;
  const int height = std::max(638, symbol.rows + 160);
  cv::Mat card(height, 1012 + extra, CV_8UC3);
  // A pale blue-to-cream security background with fine guilloche-like waves.
  for (int y = 0; y < card.rows; ++y) {
    for (int x = 0; x < card.cols; ++x) {
      const double t = double(x) / card.cols;
      const double wave = 6 * std::sin(x * 0.05 + 3 * std::sin(y * 0.03));
      card.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(235 - 25 * t + wave),
                                           cv::saturate_cast<uchar>(228 - 5 * t + wave), uchar(215 + 15 * t));
    }
  }
  cv::rectangle(card, {0, 0, card.cols, 90}, cv::Scalar(120, 60, 20), cv::FILLED);
  cv::putText(card, "CALIFORNIA", {40, 62}, cv::FONT_HERSHEY_DUPLEX, 1.6, cv::Scalar(250, 250, 250), 2, cv::LINE_AA);
  cv::putText(card, "DRIVER LICENSE", {560, 62}, cv::FONT_HERSHEY_DUPLEX, 1.2, cv::Scalar(250, 250, 250), 2,
              cv::LINE_AA);
  LicenceFrontLayout where{{40, 130, 280, 373}, {840, 400, 126, 168}};
  CentreCrop(face_photo, where.portrait.size()).copyTo(card(where.portrait));
  cv::rectangle(card, where.portrait, cv::Scalar(60, 60, 60), 2);
  // The ghost: a small greyscale copy printed faint over the background.
  cv::Mat ghost = CentreCrop(face_photo, where.ghost.size()), grey;
  cv::cvtColor(ghost, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(grey, ghost, cv::COLOR_GRAY2BGR);
  cv::addWeighted(ghost, 0.7, card(where.ghost), 0.3, 0, card(where.ghost));
  Text(card, "DL D1234562", 360, 150, 1.1, 3);
  Text(card, "EXP 08/31/2027", 360, 200, 0.9);
  Text(card, "LN SAMPLE", 360, 260, 0.9);
  Text(card, "FN ALEXANDER JOSEPH", 360, 300, 0.9);
  Text(card, "123 MAIN STREET", 360, 340, 0.8);
  Text(card, "SACRAMENTO, CA 95835", 360, 375, 0.8);
  Text(card, "DOB 08/31/1977", 360, 430, 0.9);
  Text(card, "SEX M  HGT 5-10  EYES BRO", 360, 470, 0.8);
  Text(card, "ISS 01/01/2020", 360, 510, 0.8);
  cv::putText(card, "Sample", {360, 590}, cv::FONT_HERSHEY_SCRIPT_COMPLEX, 1.4, cv::Scalar(90, 40, 10), 2, cv::LINE_AA);
  if (!symbol.empty()) symbol.copyTo(card(cv::Rect(1012, 120, symbol.cols, symbol.rows)));
  if (layout) *layout = where;
  return card;
}

bool OcrBFontAvailable() { return std::filesystem::exists(kOcrBFont); }

cv::Mat MrzDocument(const std::vector<std::string>& lines, const cv::Mat& face_photo, double px_per_mm) {
  const bool card = lines.size() == 3;
  const cv::Size size(int((card ? 85.6 : 125.0) * px_per_mm), int((card ? 54.0 : 88.0) * px_per_mm));
  cv::Mat doc(size, CV_8UC3);
  for (int y = 0; y < doc.rows; ++y) {
    for (int x = 0; x < doc.cols; ++x) {
      const double wave = 7 * std::sin(x * 0.04 + 2.5 * std::sin(y * 0.035));
      doc.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(226 + wave), cv::saturate_cast<uchar>(236 + wave),
                                          cv::saturate_cast<uchar>(232 - wave));
    }
  }
  auto ft = cv::freetype::createFreeType2();
  ft->loadFontData(kOcrBFont, 0);
  // ICAO 9303-3: 10 characters per 25.4 mm; character height 2.0-2.4 mm
  // (OCR-B size 1: cap height ~ 0.72 em, so a 3.2 mm em gives ~2.3 mm capitals).
  const double pitch = 2.54 * px_per_mm;
  const int em = int(std::lround(3.2 * px_per_mm));
  const double line_gap = (card ? 4.4 : 4.3) * px_per_mm;  // baseline to baseline
  const double left = (size.width - pitch * double(lines[0].size())) / 2;
  const double bottom = size.height - (card ? 3.0 : 4.0) * px_per_mm;
  for (size_t l = 0; l < lines.size(); ++l) {
    const double baseline = bottom - line_gap * double(lines.size() - 1 - l);
    for (size_t i = 0; i < lines[l].size(); ++i) {
      const std::string ch(1, lines[l][i]);
      int base = 0;
      const cv::Size glyph = ft->getTextSize(ch, em, -1, &base);
      const int x = int(std::lround(left + pitch * double(i) + (pitch - glyph.width) / 2));
      ft->putText(doc, ch, cv::Point(x, int(std::lround(baseline))), em, cv::Scalar(25, 25, 25), -1, cv::LINE_AA, true);
    }
  }
  // Visual zone: title, a portrait, a few printed fields.
  const double top_of_mrz = bottom - line_gap * double(lines.size()) - em;
  ft->putText(doc, card ? "IDENTITY CARD" : "PASSPORT", cv::Point(int(size.width * 0.35), int(8 * px_per_mm)),
              int(4 * px_per_mm), cv::Scalar(90, 50, 20), -1, cv::LINE_AA, true);
  if (!face_photo.empty()) {
    const int h = int(std::min(top_of_mrz - 14 * px_per_mm, 45.0 * px_per_mm));
    const cv::Rect portrait(int(5 * px_per_mm), int(12 * px_per_mm), h * 3 / 4, h);
    if (portrait.height > 20) CentreCrop(face_photo, portrait.size()).copyTo(doc(portrait));
  }
  const char* fields[] = {"SURNAME / NOM", "GIVEN NAMES / PRENOMS", "DATE OF BIRTH", "DATE OF EXPIRY"};
  for (int i = 0; i < 4; ++i) {
    const int y = int((14 + 7 * i) * px_per_mm);
    if (y > top_of_mrz - 4 * px_per_mm) break;
    ft->putText(doc, fields[i], cv::Point(int(size.width * 0.45), y), int(2.2 * px_per_mm), cv::Scalar(60, 60, 60), -1,
                cv::LINE_AA, true);
  }
  return doc;
}

}  // namespace idmatch::testing
