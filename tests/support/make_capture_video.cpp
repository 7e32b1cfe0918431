// Writes a Y4M video for Chromium's fake camera (--use-file-for-fake-video-
// capture) that plays a person following the challenge [turn_left,
// move_closer] with the page's timing (web/liveness.js: 1 s facing the
// camera, 2 s per action, 1 s facing it again): facing 1.6 s, turned left
// 1.6 s, closer 1.8 s, facing 1.5 s, at 10 frames/s, 640x480, each frame
// moved slightly as a hand-held camera moves (no two frames alike).
// Usage: make_capture_video OUT.y4m FRONT.jpg LEFT.jpg
#include <cstdio>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/capture_factory.h"

namespace {

constexpr int kWidth = 640, kHeight = 480, kFps = 10;

// The photo (lfw-dev, 150x150) enlarged by `scale` on a plain wall.
cv::Mat Scene(const cv::Mat& photo, double scale) {
  cv::Mat big;
  cv::resize(photo, big, cv::Size(), 2.4 * scale, 2.4 * scale, cv::INTER_CUBIC);
  cv::Mat frame(kHeight, kWidth, CV_8UC3, cv::Scalar(170, 165, 160));
  const cv::Rect into(kWidth / 2 - big.cols / 2, kHeight / 2 - big.rows / 2, big.cols, big.rows);
  const cv::Rect visible = into & cv::Rect(0, 0, kWidth, kHeight);
  big(cv::Rect(visible.x - into.x, visible.y - into.y, visible.width, visible.height)).copyTo(frame(visible));
  return frame;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_capture_video OUT.y4m FRONT.jpg LEFT.jpg\n");
    return 2;
  }
  const cv::Mat front = cv::imread(argv[2]), left = cv::imread(argv[3]);
  if (front.empty() || left.empty()) {
    std::fprintf(stderr, "make_capture_video: cannot read the photos\n");
    return 1;
  }
  const std::pair<cv::Mat, double> script[] = {
      {Scene(front, 1.0), 1.6}, {Scene(left, 1.0), 1.6}, {Scene(front, 1.35), 1.8}, {Scene(front, 1.0), 1.5}};
  std::ofstream out(argv[1], std::ios::binary);
  out << "YUV4MPEG2 W" << kWidth << " H" << kHeight << " F" << kFps << ":1 Ip A1:1 C420jpeg\n";
  unsigned seed = 1;
  for (const auto& [scene, seconds] : script) {
    for (int i = 0; i < static_cast<int>(seconds * kFps); ++i) {
      cv::Mat yuv;
      cv::cvtColor(idmatch::testing::HandJitter(scene, seed++), yuv, cv::COLOR_BGR2YUV_I420);
      out << "FRAME\n";
      out.write(reinterpret_cast<const char*>(yuv.data), static_cast<std::streamsize>(yuv.total()));
    }
  }
  return out ? 0 : 1;
}
