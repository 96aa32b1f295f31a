extension Area {
    /// The six highlight areas of the six-month review, in its order. Fixed by the review itself.
    public static let highlightAreas: [Area] = [
        Area(id: 1, nameVI: "Thể chế, chính sách", nameEN: "Institutions and policy"),
        Area(id: 2, nameVI: "Chỉ đạo, điều hành", nameEN: "Direction and operation"),
        Area(id: 3, nameVI: "Chuyển đổi số và hạ tầng dữ liệu", nameEN: "Digital transformation and data infrastructure"),
        Area(id: 4, nameVI: "Khoa học, công nghệ, đổi mới sáng tạo", nameEN: "Science, technology and innovation"),
        Area(id: 5, nameVI: "Huy động nguồn lực xã hội", nameEN: "Mobilising social resources"),
        Area(id: 6, nameVI: "Mô hình quản trị mới dựa trên dữ liệu", nameEN: "Data-driven governance model"),
    ]
}
