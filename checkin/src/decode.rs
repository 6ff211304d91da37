//! Reading a QR code from a camera frame in Rust (`rqrr`), for browsers whose
//! BarcodeDetector does not read QR codes (Chromium on Linux and Windows).

/// The largest frame decoded: a bigger camera picture is scaled down to fit, which
/// keeps a decode within the scan interval on a phone.
pub const FRAME_MAX: (u32, u32) = (640, 480);

/// The size a `vw`×`vh` video frame is drawn at: the same, or scaled down
/// (aspect kept) to fit `FRAME_MAX`.
pub fn frame_size(vw: u32, vh: u32) -> (u32, u32) {
    let (mw, mh) = FRAME_MAX;
    if vw == 0 || vh == 0 || (vw <= mw && vh <= mh) {
        return (vw, vh);
    }
    let scale = f64::min(mw as f64 / vw as f64, mh as f64 / vh as f64);
    (
        ((vw as f64 * scale).round() as u32).max(1),
        ((vh as f64 * scale).round() as u32).max(1),
    )
}

/// RGBA pixels (a canvas's `ImageData`) as luma, into `out` (reused between
/// frames). Integer BT.601 weights: exact enough for black-on-white.
pub fn rgba_to_luma(rgba: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(
        rgba.chunks_exact(4)
            .map(|p| ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32) >> 8) as u8),
    );
}

/// The text of the first readable QR code in a `w`×`h` luma frame. The frame is
/// looked at in half size first (a quarter of the pixels, so a quarter of the
/// time): a code held up to the camera is found there, and most frames have no
/// code at all. Only when the half-size frame shows a code that does not read
/// (small or blurred) is the whole frame decoded too.
pub fn decode_luma(w: usize, h: usize, luma: &[u8]) -> Option<String> {
    if w == 0 || h == 0 || luma.len() < w * h {
        return None;
    }
    if w >= 2 * HALF_MIN && h >= 2 * HALF_MIN {
        let (hw, hh) = (w / 2, h / 2);
        let half = |x: usize, y: usize| {
            let (x, y) = (2 * x, 2 * y);
            let sum = luma[y * w + x] as u32
                + luma[y * w + x + 1] as u32
                + luma[(y + 1) * w + x] as u32
                + luma[(y + 1) * w + x + 1] as u32;
            (sum / 4) as u8
        };
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(hw, hh, half);
        let grids = img.detect_grids();
        if grids.is_empty() {
            return None;
        }
        if let Some(text) = read(&grids) {
            return Some(text);
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
    read(&img.detect_grids())
}

/// Frames smaller than twice this (either side) are decoded whole.
const HALF_MIN: usize = 120;

fn read<G: rqrr::BitGrid>(grids: &[rqrr::Grid<G>]) -> Option<String> {
    grids
        .iter()
        .find_map(|g| g.decode().ok().map(|(_, text)| text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR code of `text` drawn black on white, `px` pixels a module, centred
    /// in a `w`×`h` luma frame of mid grey with a white quiet zone.
    fn frame(text: &str, w: usize, h: usize, px: usize) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let n = code.width();
        let dark: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        let quiet = 4;
        let side = (n + 2 * quiet) * px;
        let (x0, y0) = ((w - side) / 2, (h - side) / 2);
        let mut img = vec![128u8; w * h];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (
                    (x / px) as isize - quiet as isize,
                    (y / px) as isize - quiet as isize,
                );
                let inside = mx >= 0 && my >= 0 && (mx as usize) < n && (my as usize) < n;
                let black = inside && dark[my as usize * n + mx as usize];
                img[(y0 + y) * w + x0 + x] = if black { 20 } else { 235 };
            }
        }
        img
    }

    #[test]
    fn a_ticket_code_is_read_from_a_camera_sized_frame() {
        let code = "ABCDEFGHJKMNPQRSTUVWXYZ23456";
        let img = frame(code, 640, 480, 8);
        assert_eq!(decode_luma(640, 480, &img).as_deref(), Some(code));
    }

    #[test]
    fn a_smaller_code_is_still_read() {
        // Four pixels a module (a code a sixth of the frame's width): two in the
        // half-size look, still found there.
        let code = "ABCDEFGHJKMNPQRSTUVWXYZ23456";
        let img = frame(code, 640, 480, 4);
        assert_eq!(decode_luma(640, 480, &img).as_deref(), Some(code));
    }

    #[test]
    fn a_frame_without_a_code_reads_nothing() {
        assert_eq!(decode_luma(640, 480, &vec![200u8; 640 * 480]), None);
        assert_eq!(decode_luma(640, 480, &[0u8; 10]), None);
    }

    #[test]
    fn the_luma_of_an_rgba_frame_decodes_like_the_frame() {
        let code = "KABINET-CHECKIN";
        let luma = frame(code, 320, 240, 5);
        let rgba: Vec<u8> = luma.iter().flat_map(|&l| [l, l, l, 255]).collect();
        let mut back = Vec::new();
        rgba_to_luma(&rgba, &mut back);
        assert_eq!(back.len(), luma.len());
        assert!(back.iter().zip(&luma).all(|(a, b)| a.abs_diff(*b) <= 1));
        assert_eq!(decode_luma(320, 240, &back).as_deref(), Some(code));
        // Pure colours weigh as the eye sees them: green brightest, blue darkest.
        rgba_to_luma(&[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255], &mut back);
        assert!(back[1] > back[0] && back[0] > back[2], "{back:?}");
    }

    #[test]
    fn big_frames_are_scaled_down_to_fit() {
        assert_eq!(frame_size(640, 480), (640, 480));
        assert_eq!(frame_size(320, 240), (320, 240));
        assert_eq!(frame_size(1280, 720), (640, 360));
        assert_eq!(frame_size(1920, 1080), (640, 360));
        assert_eq!(frame_size(1080, 1920), (270, 480));
        assert_eq!(frame_size(0, 0), (0, 0));
    }
}
